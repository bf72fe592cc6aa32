import { claimAbandonedOrder, findOrder } from '../data/orders';
import type { TicketReplica } from '../data/ticket-replica';
import type { OrdersDeps } from './deps';
import { freeTicket } from './priority-hold';

/** Placing an order takes milliseconds; a reservation this old without its order lost it to a crash. */
export const ORPHAN_AFTER_MS = 10_000;

/**
 * Frees tickets reserved for an order that was never written (the process stopped between the
 * reservation and the order's insert). `known` remembers orders already seen to exist across
 * runs (orders are never deleted), so each sweep reads only reservations it has not checked.
 */
export async function sweepOrphanReservations(
  deps: OrdersDeps,
  known: Set<string> = new Set(),
): Promise<{ released: number }> {
  const stale = await deps.reservations.heldBefore(
    new Date(deps.now().getTime() - ORPHAN_AFTER_MS),
  );
  const holders = new Set(stale.map((t) => t.reservedBy!));
  for (const orderId of known) if (!holders.has(orderId)) known.delete(orderId);

  let released = 0;
  for (const ticket of stale) {
    const orderId = ticket.reservedBy!;
    if (known.has(orderId)) continue;
    if ((await findOrder(orderId)) || !(await abandonReservation(deps, ticket, orderId))) {
      known.add(orderId);
      continue;
    }
    released++;
  }
  return { released };
}

/**
 * Gives up a reservation whose order was not written: claims the order's id first (as an
 * unannounced cancelled order), so the order's own insert, if it is only late, fails instead of
 * landing after the ticket was freed; then frees the ticket. False when the order exists.
 */
export async function abandonReservation(
  deps: OrdersDeps,
  ticket: Pick<TicketReplica, 'id' | 'title' | 'price' | 'currency' | 'sellerId'> &
    Pick<TicketReplica, 'reservedAt' | 'reservedFor'>,
  orderId: string,
): Promise<boolean> {
  const createdAt = ticket.reservedAt ?? deps.now();
  const claimed = await claimAbandonedOrder({
    id: orderId,
    userId: ticket.reservedFor ?? 'unknown',
    ticket: {
      id: ticket.id,
      title: ticket.title,
      price: ticket.price,
      currency: ticket.currency,
      sellerId: ticket.sellerId,
    },
    expiresAt: new Date(createdAt.getTime() + deps.expirationWindowMs),
    createdAt,
  });
  if (!claimed) return false;
  await freeTicket(deps, ticket.id, orderId);
  return true;
}
