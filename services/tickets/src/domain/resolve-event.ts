import { badRequest, conflict, notFound } from '@ticketing/common';
import type { Category } from '@ticketing/contracts';
import { findEvent, findOrCreateEvent } from '../data/event-repository';
import type { TicketsDeps } from './deps';
import type { EventRecord } from './event-record';
import { eventKeyOf } from './event-key';

export interface EventFields {
  title: string;
  category: Category;
  venue: string;
  startsAt: string;
}

/**
 * The event a listing belongs to: the one named, or the one its title, venue and start describe
 * (created by this listing when there is none). Tickets are never listed for a cancelled or
 * started event.
 */
export async function resolveEvent(
  deps: TicketsDeps,
  sellerId: string,
  by: { eventId: string } | EventFields,
): Promise<EventRecord> {
  const event =
    'eventId' in by
      ? await findEvent(by.eventId)
      : await findOrCreateEvent(deps.eventWritten, {
          ...by,
          key: eventKeyOf(by.title, by.venue, by.startsAt),
          createdBy: sellerId,
        });
  if (!event) throw notFound('Event not found');
  if (event.status === 'cancelled') throw conflict('The event is cancelled', 'eventId');
  if (Date.parse(event.startsAt) <= deps.now().getTime())
    throw badRequest('The event has already started', 'eventId' in by ? 'eventId' : 'startsAt');
  return event;
}
