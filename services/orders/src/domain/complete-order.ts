import { findOrder, transitionOrder } from '../data/orders';
import { MAX_ATTEMPTS, type OrdersDeps, type Outcome } from './deps';
import { orderCompleted } from './order-events';

/**
 * A payment succeeded: the open order becomes complete and its buyer the ticket's holder. A
 * payment for an order that is no longer open changes nothing here (payments refunds it when it
 * sees `order.cancelled`); one for an order we do not know yet waits for it.
 */
export async function completeOrder(
  deps: OrdersDeps,
  payment: { orderId: string; paymentId: string },
): Promise<Outcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const order = await findOrder(payment.orderId);
    if (!order) return 'not-yet';
    if (order.status === 'cancelled') return 'done';
    if (order.status === 'complete') {
      // Finishes a sale that a crash may have cut short; a no-op otherwise.
      await deps.reservations.sell(order.ticket.id, order.id, order.userId);
      return 'done';
    }
    const version = order.version + 1;
    const completed = await transitionOrder(
      order,
      { status: 'complete', paymentId: payment.paymentId, version },
      [orderCompleted(order, version, payment.paymentId)],
    );
    if (!completed) continue;
    deps.outboxWritten(order.id);
    await deps.reservations.sell(order.ticket.id, order.id, order.userId);
    return 'done';
  }
  throw new Error(`order ${payment.orderId} kept changing while being completed`);
}
