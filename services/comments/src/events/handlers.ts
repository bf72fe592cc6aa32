import {
  retryIfNotYet as answer,
  type EventHandler,
  type EventSubscriber,
} from '@ticketing/common';
import { ticketCreated, ticketDeleted, ticketUpdated } from '../domain/replicate-ticket';

export interface CommentsHandlers {
  'ticket.created': EventHandler<'ticket.created'>;
  'ticket.updated': EventHandler<'ticket.updated'>;
  'ticket.deleted': EventHandler<'ticket.deleted'>;
}

/** One thin handler per topic; the domain decides, the handler only translates the outcome. */
export function commentsHandlers(): CommentsHandlers {
  return {
    'ticket.created': async (e) => answer(await ticketCreated(e)),
    'ticket.updated': async (e) => answer(await ticketUpdated(e)),
    'ticket.deleted': async (e) => answer(await ticketDeleted(e)),
  };
}

export async function subscribeComments(subscriber: EventSubscriber): Promise<void> {
  const h = commentsHandlers();
  await subscriber.subscribe('ticket.created', h['ticket.created']);
  await subscriber.subscribe('ticket.updated', h['ticket.updated']);
  await subscriber.subscribe('ticket.deleted', h['ticket.deleted']);
}
