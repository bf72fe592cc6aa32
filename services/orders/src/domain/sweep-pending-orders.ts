import { deletePendingOrder, pendingOrdersCreatedBefore } from '../data/orders';
import { findTicket, releaseTicket } from '../data/tickets';
import type { OrdersContext } from './context';
import { promoteOrder } from './promote-order';

/** Placing an order takes milliseconds; one pending this long was cut short by a crash. */
export const PENDING_TIMEOUT_MS = 10_000;

/**
 * Settles orders left `pending`: one the replica is reserved for is promoted (and announced),
 * any other is deleted, as if its reservation had failed.
 */
export async function sweepPendingOrders(
  ctx: OrdersContext,
): Promise<{ promoted: number; deleted: number }> {
  const stale = await pendingOrdersCreatedBefore(
    new Date(ctx.now().getTime() - PENDING_TIMEOUT_MS),
  );
  let promoted = 0;
  let deleted = 0;
  for (const order of stale) {
    const reservedForIt = async () => (await findTicket(order.ticket.id))?.reservedBy === order.id;
    if (await reservedForIt()) {
      if (await promoteOrder(ctx, order)) promoted++;
      continue;
    }
    if (await deletePendingOrder(order.id)) deleted++;
    // A reservation that landed after we looked belongs to an order that no longer exists.
    if (await reservedForIt()) await releaseTicket(order.ticket.id, order.id);
  }
  return { promoted, deleted };
}
