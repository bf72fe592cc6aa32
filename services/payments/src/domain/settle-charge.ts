import { outboxEntry } from '@ticketing/common';
import { findCharge, recordSucceeded, type Charge } from '../data/charges';
import { findOrder } from '../data/orders';
import type { PaymentsDeps } from './deps';
import { refundIfCharged, type RefundOutcome } from './refunds';

export interface Settled {
  charge: Charge;
  /** Set when the order was cancelled while Stripe charged: the charge is (being) refunded. */
  refund?: RefundOutcome;
}

/**
 * Records that Stripe took the money for an order, whoever learnt it first (the paying request
 * or the webhook): one write sets `succeeded` and queues `payment.created`, so the event is
 * published once however many times this runs. Undefined for an order without a charge here.
 */
export async function settleSucceeded(
  deps: PaymentsDeps,
  orderId: string,
  intentId: string,
): Promise<Settled | undefined> {
  const before = await findCharge(orderId);
  if (!before) return undefined;
  const event = outboxEntry('payment.created', {
    id: before.paymentId,
    orderId,
    stripeId: intentId,
    amount: before.amount,
    currency: before.currency,
  });
  const updated = await recordSucceeded(orderId, intentId, event, deps.now());
  if (updated) deps.outboxWritten(orderId);
  const charge = updated ?? (await findCharge(orderId)) ?? before;
  if (!updated && charge.intentId !== intentId) {
    // Cannot happen while attempts are re-keyed only after a decline; if it does, a person decides.
    deps.logger.error(
      { orderId, recorded: charge.intentId, reported: intentId },
      'a second PaymentIntent succeeded for one order; refund it by hand',
    );
  }
  // Read after our write: either we see the cancellation here, or the order.cancelled handler
  // sees this success, so a charge for a cancelled order is always refunded.
  const order = await findOrder(orderId);
  if (order?.status !== 'cancelled') return { charge };
  return { charge, refund: await refundIfCharged(deps, orderId) };
}
