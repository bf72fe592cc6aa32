import { badRequest, conflict, notFound, type UserPayload } from '@ticketing/common';
import { deletePendingOrder, findOrder, insertPendingOrder, type Order } from '../data/orders';
import { findTicket, releaseTicket, reserveTicket, type ReplicaTicket } from '../data/tickets';
import type { OrdersContext } from './context';
import type { PlaceOrderInput } from './inputs';
import { promoteOrder } from './promote-order';

const ticketNotFound = () => notFound('Ticket not found');
const taken = (ticket: ReplicaTicket) =>
  conflict(ticket.soldTo ? 'Ticket is already sold' : 'Ticket is already reserved', 'ticketId');

/**
 * Reserves a ticket for the buyer (docs/purchase-flow.md, "Order states"): the order is written
 * as `pending`, the replica is reserved for it by one conditional update (the only step that
 * decides who wins), then the order becomes `created` and announces itself. A crash between the
 * steps leaves a pending order that the sweeper settles (sweep-pending-orders.ts).
 */
export async function placeOrder(
  ctx: OrdersContext,
  buyer: UserPayload,
  input: PlaceOrderInput,
): Promise<Order> {
  const ticket = await findTicket(input.ticketId);
  if (!ticket || ticket.deleted) throw ticketNotFound();
  if (ticket.sellerId === buyer.id)
    throw badRequest('You cannot order your own ticket', 'ticketId');
  const now = ctx.now();
  if (ticket.startsAt.getTime() <= now.getTime()) {
    throw badRequest('The event has already started', 'ticketId');
  }
  // Spares the many losers of a flash sale two writes; the conditional update is what decides.
  if (ticket.reservedBy || ticket.soldTo) throw taken(ticket);

  const pending = await insertPendingOrder({
    userId: buyer.id,
    ticket: {
      id: ticket.id,
      title: ticket.title,
      price: ticket.price,
      currency: ticket.currency,
      sellerId: ticket.sellerId,
    },
    expiresAt: new Date(now.getTime() + ctx.expirationWindowMs),
    createdAt: now,
  });
  if (!(await reserveTicket(ticket.id, pending.id, now))) {
    await deletePendingOrder(pending.id);
    const current = await findTicket(ticket.id);
    throw !current || current.deleted ? ticketNotFound() : taken(current);
  }

  const order = await promoteOrder(ctx, pending);
  if (order) return order;
  // No longer pending: the sweeper settled it first, as it does after 10 s.
  const settled = await findOrder(pending.id);
  if (settled && settled.status !== 'pending') return settled;
  await releaseTicket(ticket.id, pending.id);
  throw conflict('The reservation took too long; please try again', 'ticketId');
}
