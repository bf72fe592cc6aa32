import { isDuplicateKey, withDocumentLock } from '@ticketing/common';
import { holdMadeFor, insertOrder, newOrderId, type Order } from '../data/orders';
import { findTicket, type TicketReplica } from '../data/ticket-replica';
import { firstCovering, hasWaiting, removeEntry, WantedCounterModel } from '../data/wanted-lists';
import type { OrdersDeps } from './deps';
import { orderCreated, orderOffered } from './order-events';
import { abandonReservation } from './sweep-orphan-reservations';

export type OfferOutcome = 'held' | 'public' | 'not-offered';

/** Joins skipped because a hold was already made for them before a crash: a handful at most. */
const MAX_STALE_JOINS = 20;

/** Whether a ticket of this event coming back on sale should go to the wanted list first. */
export async function wantedFirst(eventId: string | null): Promise<boolean> {
  return eventId !== null && (await hasWaiting(eventId));
}

/**
 * A ticket came back on sale while its event has a wanted list (docs/wanted-lists.md). The first
 * person on the list whose limit covers the price gets an order made for them, held for
 * `wantedHoldMs` with the usual expiry, and leaves the list. When nobody's limit covers it, the
 * ticket goes on sale to everyone. Until then the replica's `offering` flag keeps the public out:
 * the reservation stays the one arbiter.
 */
export async function offerToWanted(deps: OrdersDeps, ticketId: string): Promise<OfferOutcome> {
  const seen = await findTicket(ticketId);
  if (!seen?.offering) return 'not-offered';
  if (!seen.eventId) return offerTo(deps, ticketId);
  // One offer at a time per event: two tickets offered at once must not both go to its first.
  return withOfferLock(seen.eventId, () => offerTo(deps, ticketId));
}

const withOfferLock = <T>(eventId: string, fn: () => Promise<T>) =>
  withDocumentLock(`${WantedCounterModel.collection.name}.offers`, eventId, fn);

async function offerTo(deps: OrdersDeps, ticketId: string): Promise<OfferOutcome> {
  const ticket = await findTicket(ticketId);
  if (!ticket?.offering) return 'not-offered';
  const started = ticket.startsAt.getTime() <= deps.now().getTime();
  const unavailable = ticket.deleted || ticket.withdrawn || ticket.reservedBy || ticket.soldTo;
  if (!ticket.eventId || unavailable || started) {
    await deps.reservations.endOffer(ticket.id);
    return 'public';
  }
  for (let i = 0; i < MAX_STALE_JOINS; i++) {
    const entry = await firstCovering(
      ticket.eventId,
      ticket.price,
      ticket.currency,
      ticket.sellerId,
    );
    if (!entry) {
      await deps.reservations.endOffer(ticket.id);
      return 'public';
    }
    // A crash after the hold's insert left its join on the list: it already had its turn.
    if (await holdMadeFor(entry.eventId, entry.position)) {
      await removeEntry(entry);
      continue;
    }
    const order = await holdFor(deps, ticket, entry.userId, {
      eventId: entry.eventId,
      position: entry.position,
    });
    if (!order) return 'not-offered';
    // Getting a hold takes the person off the list.
    await removeEntry(entry);
    deps.logger.info(
      { orderId: order.id, ticketId, eventId: entry.eventId, position: entry.position },
      'priority hold for the wanted list',
    );
    return 'held';
  }
  throw new Error(`too many stale joins on the wanted list of ${ticket.eventId}`);
}

/** Reserves the offered ticket for the taker and writes their order; undefined if it was not. */
async function holdFor(
  deps: OrdersDeps,
  ticket: TicketReplica,
  userId: string,
  wanted: NonNullable<Order['wanted']>,
): Promise<Order | undefined> {
  const now = deps.now();
  const orderId = newOrderId();
  if (!(await deps.reservations.reservePriority(ticket.id, orderId, userId, now))) return undefined;
  const order: Order = {
    id: orderId,
    userId,
    status: 'created',
    ticket: {
      id: ticket.id,
      title: ticket.title,
      price: ticket.price,
      currency: ticket.currency,
      sellerId: ticket.sellerId,
    },
    expiresAt: new Date(now.getTime() + deps.wantedHoldMs),
    version: 0,
    paymentId: null,
    cancelReason: null,
    createdAt: now,
    wanted,
  };
  try {
    await insertOrder(order, [orderCreated(order), orderOffered(order, wanted.eventId)]);
  } catch (err) {
    // The orphan sweeper claimed the id: it freed the ticket, which is offered again.
    if (isDuplicateKey(err)) return undefined;
    await abandonReservation(
      deps,
      { ...ticket, reservedAt: now, reservedFor: userId },
      orderId,
    ).catch(() => false);
    throw err;
  }
  deps.outboxWritten(order.id);
  return order;
}

/**
 * Frees a ticket an order held (cancelled, expired, abandoned). When the event has a wanted list
 * the ticket is freed straight into an offer to it, in the same write, so nobody else can reserve
 * it in between.
 */
export async function freeTicket(
  deps: OrdersDeps,
  ticketId: string,
  orderId: string,
): Promise<boolean> {
  const ticket = await findTicket(ticketId);
  const offer = await wantedFirst(ticket?.eventId ?? null);
  const freed = await deps.reservations.release(ticketId, orderId, offer);
  if (freed && offer) await offerToWanted(deps, ticketId);
  return freed;
}

/** Finishes offers a crash or an error cut short. */
export async function sweepOffers(deps: OrdersDeps): Promise<number> {
  let done = 0;
  for (const ticket of await deps.reservations.offering()) {
    if ((await offerToWanted(deps, ticket.id)) !== 'not-offered') done++;
  }
  return done;
}
