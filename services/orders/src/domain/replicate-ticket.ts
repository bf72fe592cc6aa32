import type { EventOf } from '@ticketing/contracts';
import { applyTicketVersion, findTicket, insertTicket } from '../data/ticket-replica';
import { cancelOrder } from './cancel-order';
import type { OrdersDeps, Outcome } from './deps';
import { offerToWanted, wantedFirst } from './priority-hold';

type TicketSnapshot = EventOf<'ticket.created'>;

// Only the description is copied: tickets' status, orderId and holderId follow *our* events,
// except what only tickets decides: a relisting (a new round) and a withdrawn resale.
const descriptionOf = (e: TicketSnapshot) => ({
  title: e.title,
  price: e.price,
  currency: e.currency,
  startsAt: new Date(e.startsAt),
  sellerId: e.sellerId,
  eventId: e.eventRef ?? null,
  resale: e.resale,
  resales: e.resales,
  // Sold yet held by no order: its holder withdrew their resale.
  withdrawn: e.status === 'sold' && e.orderId === null,
});

/**
 * A new listing. When its event has people on the wanted list, the ticket is inserted already
 * offered to them, so the public cannot reserve it before the list had its turn.
 */
export async function ticketCreated(deps: OrdersDeps, e: TicketSnapshot): Promise<Outcome> {
  const description = descriptionOf(e);
  const offer = await wantedFirst(description.eventId);
  // false means the replica already has it (a redelivery): an unfinished offer is finished below.
  const inserted = await insertTicket({ id: e.id, version: e.version, ...description }, offer);
  if (offer || !inserted) await offerToWanted(deps, e.id);
  return 'done';
}

/**
 * Applies version v only on top of v-1; an older one is a duplicate, a newer gap waits. A
 * relisting (a new round) frees the ticket for a new buyer: first for the event's wanted list
 * when anyone is on it, in the same write.
 */
export async function ticketUpdated(
  deps: OrdersDeps,
  e: EventOf<'ticket.updated'>,
): Promise<Outcome> {
  const before = await findTicket(e.id);
  if (!before) return 'not-yet';
  let offer = false;
  if (before.version < e.version) {
    const description = descriptionOf(e);
    const newRound = e.resales > before.resales;
    offer = newRound && !description.withdrawn && (await wantedFirst(description.eventId));
    if (await applyTicketVersion(e.id, e.version, description, newRound, offer)) {
      // Seen sold a moment ago, on sale again now: buyers must not be turned away.
      if (newRound) deps.reservations.sawFreed(e.id);
    } else if ((await alreadyHas(e.id, e.version)) === 'not-yet') return 'not-yet';
  }
  // On a redelivery, also finishes an offer that a crash or an error cut short.
  if (offer || before.offering) await offerToWanted(deps, e.id);
  return cancelIfWithdrawn(deps, e.id);
}

/**
 * A resale withdrawn while an order here reserved it (tickets refused that order already):
 * the order is cancelled. Also runs on a redelivery, so a retry finishes it.
 */
async function cancelIfWithdrawn(deps: OrdersDeps, id: string): Promise<Outcome> {
  const ticket = await findTicket(id);
  if (!ticket?.withdrawn || !ticket.reservedBy || ticket.soldTo) return 'done';
  const result = await cancelOrder(deps, ticket.reservedBy, 'ticket-deleted');
  // Reserved, but its order is not written yet: look again later (or the sweeper frees it).
  return result.outcome === 'missing' ? 'not-yet' : 'done';
}

/**
 * The seller deleted the ticket. No one can order it any more, and an order still holding it is
 * cancelled. The cancellation step also runs on a redelivery, so a retry finishes it.
 */
export async function ticketDeleted(
  deps: OrdersDeps,
  e: EventOf<'ticket.deleted'>,
): Promise<Outcome> {
  const applied = await applyTicketVersion(e.id, e.version, { deleted: true });
  if (!applied && (await alreadyHas(e.id, e.version)) === 'not-yet') return 'not-yet';

  const ticket = await findTicket(e.id);
  if (!ticket?.reservedBy || ticket.soldTo) return 'done';
  // A reservation without an order (a crash while placing) is left to the orphan sweeper.
  await cancelOrder(deps, ticket.reservedBy, 'ticket-deleted');
  return 'done';
}

async function alreadyHas(id: string, version: number): Promise<Outcome> {
  const ticket = await findTicket(id);
  return ticket && ticket.version >= version ? 'done' : 'not-yet';
}
