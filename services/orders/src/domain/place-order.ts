import {
  badRequest,
  conflict,
  isDuplicateKey,
  notFound,
  type UserPayload,
} from '@ticketing/common';
import { insertOrder, newOrderId, type Order } from '../data/orders';
import { findTicket, findTicketShared, type TicketReplica } from '../data/ticket-replica';
import type { OrdersDeps } from './deps';
import type { PlaceOrderInput } from '@ticketing/contracts';
import { orderCreated } from './order-events';
import { admitPlacement, withinOpenOrderCap, type Placer } from './order-limits';
import { abandonReservation } from './sweep-orphan-reservations';
import type { Taken } from './reservations';

const ticketNotFound = () => notFound('Ticket not found');
const refusal = (taken: Taken) =>
  conflict(taken === 'sold' ? 'Ticket is already sold' : 'Ticket is already reserved', 'ticketId');

const heldForWanted = () =>
  conflict('Ticket is being offered to its wanted list first; try again shortly', 'ticketId');

/** 409 for a ticket someone else holds; remembered for a moment so the next loser costs nothing. */
function taken(deps: OrdersDeps, ticket: TicketReplica) {
  const how: Taken = ticket.soldTo ? 'sold' : 'reserved';
  if (ticket.reservedBy || ticket.soldTo) deps.reservations.sawTaken(ticket.id, how);
  return refusal(how);
}

/**
 * Reserves a ticket for the buyer (docs/purchase-flow.md, "Order states"): one conditional update
 * of the replica decides who wins, and only the winner writes its order, as `created` with
 * `order.created` in the same insert. A crash between the two leaves a reservation without an
 * order, which the orphan sweeper frees (sweep-orphan-reservations.ts).
 */
export async function placeOrder(
  deps: OrdersDeps,
  placer: Placer,
  input: PlaceOrderInput,
): Promise<Order> {
  const { buyer } = placer;
  const remembered = deps.reservations.recentlyTaken(input.ticketId);
  if (remembered) throw refusal(remembered);

  // Buyers arriving together share the read; the conditional update below decides anyway.
  const ticket = await findTicketShared(input.ticketId);
  if (!ticket || ticket.deleted) throw ticketNotFound();
  if (ticket.withdrawn) throw conflict('Ticket is not on sale', 'ticketId');
  if (ticket.sellerId === buyer.id)
    throw badRequest('You cannot order your own ticket', 'ticketId');
  const now = deps.now();
  if (ticket.startsAt.getTime() <= now.getTime()) {
    throw badRequest('The event has already started', 'ticketId');
  }
  // Spares the many losers of a flash sale a write; the conditional update is what decides.
  if (ticket.reservedBy || ticket.soldTo) throw taken(deps, ticket);
  if (ticket.offering) throw heldForWanted();

  // Counted only for a ticket that looked free: a flash sale's many quick refusals cost nothing.
  await admitPlacement(deps, placer);
  return withinOpenOrderCap(deps, buyer, () => reserveAndWrite(deps, buyer, ticket, now));
}

async function reserveAndWrite(
  deps: OrdersDeps,
  buyer: UserPayload,
  ticket: TicketReplica,
  now: Date,
): Promise<Order> {
  const orderId = newOrderId();
  const outcome = await deps.reservations.reserve(ticket.id, orderId, buyer.id, now);
  if (outcome === 'reserved' || outcome === 'sold') throw refusal(outcome);
  if (outcome === 'lost') {
    const current = await findTicket(ticket.id);
    if (!current || current.deleted) throw ticketNotFound();
    if (current.offering && !current.reservedBy && !current.soldTo) throw heldForWanted();
    throw taken(deps, current);
  }

  const order: Order = {
    id: orderId,
    userId: buyer.id,
    status: 'created',
    ticket: {
      id: ticket.id,
      title: ticket.title,
      price: ticket.price,
      currency: ticket.currency,
      sellerId: ticket.sellerId,
    },
    expiresAt: new Date(now.getTime() + deps.expirationWindowMs),
    version: 0,
    paymentId: null,
    cancelReason: null,
    createdAt: now,
    wanted: null,
  };
  try {
    await insertOrder(order, [orderCreated(order)]);
  } catch (err) {
    // The sweeper took the id first: it found the reservation orphaned and freed the ticket.
    if (isDuplicateKey(err))
      throw conflict('The reservation took too long; please try again', 'ticketId');
    // The insert may still have landed (a timeout): free the ticket only if the id can be claimed,
    // else the sweeper decides later.
    await abandonReservation(
      deps,
      { ...ticket, reservedAt: now, reservedFor: buyer.id },
      orderId,
    ).catch(() => false);
    throw err;
  }
  deps.outboxWritten(order.id);
  return order;
}
