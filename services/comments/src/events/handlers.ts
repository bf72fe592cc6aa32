import {
  retryIfNotYet as answer,
  type EventHandler,
  type EventSubscriber,
} from '@ticketing/common';
import { eventCancelled, eventCreated } from '../domain/replicate-event';
import { ticketCreated, ticketDeleted, ticketUpdated } from '../domain/replicate-ticket';

export interface CommentsHandlers {
  'ticket.created': EventHandler<'ticket.created'>;
  'ticket.updated': EventHandler<'ticket.updated'>;
  'ticket.deleted': EventHandler<'ticket.deleted'>;
  'event.created': EventHandler<'event.created'>;
  'event.cancelled': EventHandler<'event.cancelled'>;
}

/** One thin handler per topic; the domain decides, the handler only translates the outcome. */
export function commentsHandlers(): CommentsHandlers {
  return {
    'ticket.created': async (e) => answer(await ticketCreated(e)),
    'ticket.updated': async (e) => answer(await ticketUpdated(e)),
    'ticket.deleted': async (e) => answer(await ticketDeleted(e)),
    'event.created': async (e) => answer(await eventCreated(e)),
    'event.cancelled': async (e) => answer(await eventCancelled(e)),
  };
}

export async function subscribeComments(subscriber: EventSubscriber): Promise<void> {
  const h = commentsHandlers();
  await subscriber.subscribe('ticket.created', h['ticket.created']);
  await subscriber.subscribe('ticket.updated', h['ticket.updated']);
  await subscriber.subscribe('ticket.deleted', h['ticket.deleted']);
  await subscriber.subscribe('event.created', h['event.created']);
  await subscriber.subscribe('event.cancelled', h['event.cancelled']);
}
