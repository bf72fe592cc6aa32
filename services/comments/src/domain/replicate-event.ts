import type { EventOf } from '@ticketing/contracts';
import { hideCommentsOn, ticketIdsCommentedOnEvent } from '../data/comments';
import { insertEvent, markEventCancelled } from '../data/event-replica';
import { ticketIdsOfEvent } from '../data/ticket-replica';
import type { Outcome } from './deps';

export async function eventCreated(e: EventOf<'event.created'>): Promise<Outcome> {
  // false: already known (a redelivery, or its cancellation came first): nothing to do.
  await insertEvent({ id: e.id, cancelled: e.status === 'cancelled', version: e.version });
  return 'done';
}

/**
 * The event is cancelled: its comments, and those on its listings, are hidden. Cancelling is
 * final and the event carries the whole snapshot, so it applies whatever arrived before it; the
 * hiding runs again on a redelivery, so a retry finishes it.
 */
export async function eventCancelled(e: EventOf<'event.cancelled'>): Promise<Outcome> {
  await markEventCancelled(e.id, e.version);
  // Its listings: those the replica knows, and any its comments name (their threads close too).
  const ticketIds = new Set([
    ...(await ticketIdsOfEvent(e.id)),
    ...(await ticketIdsCommentedOnEvent(e.id)),
  ]);
  await hideCommentsOn({ eventId: e.id });
  for (const ticketId of ticketIds) await hideCommentsOn({ ticketId });
  return 'done';
}
