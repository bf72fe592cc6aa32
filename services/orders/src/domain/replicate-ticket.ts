import type { EventOf } from '@ticketing/contracts';
import { applyTicketVersion, findTicket, insertTicket } from '../data/ticket-replica';
import { cancelOrder } from './cancel-order';
import type { OrdersDeps, Outcome } from './deps';

type TicketSnapshot = EventOf<'ticket.created'>;

// Only the description is copied: tickets' status, orderId and holderId follow *our* events,
// except what only tickets decides: a relisting (a new round) and a withdrawn resale.
const descriptionOf = (e: TicketSnapshot) => ({
  title: e.title,
  price: e.price,
  currency: e.currency,
  startsAt: new Date(e.startsAt),
  sellerId: e.sellerId,
  resales: e.resales,
  // Sold yet held by no order: its holder withdrew their resale.
  withdrawn: e.status === 'sold' && e.orderId === null,
});

export async function ticketCreated(e: TicketSnapshot): Promise<Outcome> {
  // false means the replica already has it (a redelivery): nothing to do either way.
  await insertTicket({ id: e.id, version: e.version, ...descriptionOf(e) });
  return 'done';
}

/**
 * Applies version v only on top of v-1; an older one is a duplicate, a newer gap waits. A
 * relisting (a new round) frees the ticket for a new buyer.
 */
export async function ticketUpdated(
  deps: OrdersDeps,
  e: EventOf<'ticket.updated'>,
): Promise<Outcome> {
  const before = await findTicket(e.id);
  if (!before) return 'not-yet';
  if (before.version < e.version) {
    const newRound = e.resales > before.resales;
    if (await applyTicketVersion(e.id, e.version, descriptionOf(e), newRound)) {
      // Seen sold a moment ago, on sale again now: buyers must not be turned away.
      if (newRound) deps.reservations.sawFreed(e.id);
    } else if ((await alreadyHas(e.id, e.version)) === 'not-yet') return 'not-yet';
  }
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
