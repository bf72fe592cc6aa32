import type { EventOf } from '@ticketing/contracts';
import { hideCommentsOn, setEventOfTicketComments } from '../data/comments';
import { applyTicketVersion, findTicket, insertTicket } from '../data/ticket-replica';
import { forgetTicketOnEvent } from '../data/threads';
import type { Outcome } from './deps';

type TicketSnapshot = EventOf<'ticket.created'>;

// The seller can change (a holder reselling); events published before events existed carry
// no eventRef, and never take away one the replica has.
const replicated = (e: TicketSnapshot) => ({
  sellerId: e.sellerId,
  ...(e.eventRef ? { eventId: e.eventRef } : {}),
});

export async function ticketCreated(e: TicketSnapshot): Promise<Outcome> {
  // false means the replica already has it (a redelivery): nothing to do either way.
  await insertTicket({ id: e.id, version: e.version, eventId: null, ...replicated(e) });
  return 'done';
}

/** Applies version v only on top of v-1; an older one is a duplicate, a newer gap waits. */
export async function ticketUpdated(e: EventOf<'ticket.updated'>): Promise<Outcome> {
  const before = await applyTicketVersion(e.id, e.version, replicated(e));
  if (!before) return alreadyHas(e.id, e.version);
  // The listing joined its event (older tickets are grouped into events after the fact): its
  // earlier comments count for the event too.
  if (e.eventRef && before.eventId !== e.eventRef) await setEventOfTicketComments(e.id, e.eventRef);
  return 'done';
}

/**
 * The seller deleted the listing: its comments are hidden. The hiding also runs on a
 * redelivery, so a retry after a failure between the two writes finishes it.
 */
export async function ticketDeleted(e: EventOf<'ticket.deleted'>): Promise<Outcome> {
  const applied = await applyTicketVersion(e.id, e.version, { deleted: true });
  if (!applied && (await alreadyHas(e.id, e.version)) === 'not-yet') return 'not-yet';
  const ticket = await findTicket(e.id);
  if (ticket?.deleted) {
    await hideCommentsOn({ ticketId: e.id });
    if (ticket.eventId) await forgetTicketOnEvent(ticket.eventId, e.id);
  }
  return 'done';
}

async function alreadyHas(id: string, version: number): Promise<Outcome> {
  const ticket = await findTicket(id);
  return ticket && ticket.version >= version ? 'done' : 'not-yet';
}
