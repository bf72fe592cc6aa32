import { conflict, notFound, type UserPayload } from '@ticketing/common';
import {
  findOrder,
  OPEN_STATES,
  transitionOrder,
  type CancelReason,
  type Order,
} from '../data/orders';
import { MAX_ATTEMPTS, type OrdersDeps } from './deps';
import { orderCancelled } from './order-events';
import { freeTicket } from './priority-hold';

export type CancelResult =
  | { outcome: 'cancelled'; order: Order }
  /** Complete or already cancelled: nothing changed. */
  | { outcome: 'not-open'; order: Order }
  | { outcome: 'missing' };

/**
 * The one way an order is cancelled (buyer, expiry, deleted ticket): open -> cancelled with
 * `order.cancelled` in the same write, then the ticket is freed at once. Cancelling a complete or
 * cancelled order changes nothing.
 */
export async function cancelOrder(
  deps: OrdersDeps,
  orderId: string,
  reason: CancelReason,
): Promise<CancelResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const order = await findOrder(orderId);
    if (!order) return { outcome: 'missing' };
    if (!OPEN_STATES.includes(order.status)) {
      // Finishes a release that a crash may have cut short; a no-op otherwise.
      if (order.status === 'cancelled') await release(deps, order);
      return { outcome: 'not-open', order };
    }
    const version = order.version + 1;
    const cancelled = await transitionOrder(
      order,
      { status: 'cancelled', cancelReason: reason, version },
      [orderCancelled(order, version, reason)],
    );
    // Changed since we read it (paid, cancelled, awaiting payment): decide again on what it is now.
    if (!cancelled) continue;
    deps.outboxWritten(order.id);
    await release(deps, order);
    return { outcome: 'cancelled', order: cancelled };
  }
  throw new Error(`order ${orderId} kept changing while being cancelled`);
}

/**
 * Frees the cancelled order's ticket, and stops turning buyers away from it; the event's wanted
 * list gets it first.
 */
export async function release(deps: OrdersDeps, order: Order): Promise<void> {
  await freeTicket(deps, order.ticket.id, order.id);
}

/** The buyer cancels their own order; anyone else's order does not exist for them. */
export async function cancelByBuyer(
  deps: OrdersDeps,
  buyer: UserPayload,
  orderId: string,
): Promise<Order> {
  const order = await findOrder(orderId);
  if (!order || order.userId !== buyer.id) {
    throw notFound('Order not found');
  }
  const result = await cancelOrder(deps, order.id, 'buyer');
  switch (result.outcome) {
    case 'cancelled':
      return result.order;
    case 'not-open':
      throw result.order.status === 'complete'
        ? conflict('Order is complete and can no longer be cancelled')
        : conflict('Order is already cancelled');
    default:
      throw notFound('Order not found');
  }
}
