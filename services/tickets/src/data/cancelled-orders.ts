import { isDuplicateKey } from '@ticketing/common';
import { CancelledOrderModel } from './ticket-model';

/** Remembers that an order was cancelled; recording it twice is fine. */
export async function recordCancelledOrder(orderId: string, ticketId: string): Promise<void> {
  try {
    await CancelledOrderModel.create({ _id: orderId, ticketId, cancelledAt: new Date() });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

export async function isOrderCancelled(orderId: string): Promise<boolean> {
  return (await CancelledOrderModel.exists({ _id: orderId })) !== null;
}
