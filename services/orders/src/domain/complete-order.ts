import { findOrder, transitionOrder } from '../data/orders';
import { MAX_ATTEMPTS, type OrdersDeps, type Outcome } from './deps';
import { orderCompleted } from './order-events';

/**
 * A payment succeeded: the open order becomes complete and its buyer the ticket's holder. A
 * payment for an order that is no longer open changes nothing here (payments refunds it when it
 * sees `order.cancelled`); one for an order we do not know yet waits for it. A payment for
 * another amount or currency than the order's price completes nothing: it is logged for a
 * person, the order expires, and payments refunds the charge of a cancelled order.
 */
export async function completeOrder(
  deps: OrdersDeps,
  payment: { orderId: string; paymentId: string; amount: number; currency: string },
): Promise<Outcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const order = await findOrder(payment.orderId);
    if (!order) return 'not-yet';
    if (order.status === 'cancelled') return 'done';
    if (order.ticket.price !== payment.amount || order.ticket.currency !== payment.currency) {
      deps.logger.error(
        {
          orderId: order.id,
          paymentId: payment.paymentId,
          paid: { amount: payment.amount, currency: payment.currency },
          price: { amount: order.ticket.price, currency: order.ticket.currency },
        },
        'a payment does not match the order price; the order is not completed',
      );
      return 'done';
    }
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
