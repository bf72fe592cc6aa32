import {
  retryIfNotYet as answer,
  type EventHandler,
  type EventSubscriber,
} from '@ticketing/common';
import { completeOrder } from '../domain/complete-order';
import type { OrdersDeps } from '../domain/deps';
import { eventCancelled } from '../domain/event-cancelled';
import { expireOrder } from '../domain/expire-order';
import { notifyHoldLapsed, notifyHoldOffered, notifyTicketSold } from '../domain/notify';
import { releaseTicketOf } from '../domain/release-ticket';
import { ticketCreated, ticketDeleted, ticketUpdated } from '../domain/replicate-ticket';

export interface OrdersHandlers {
  'ticket.created': EventHandler<'ticket.created'>;
  'ticket.updated': EventHandler<'ticket.updated'>;
  'ticket.deleted': EventHandler<'ticket.deleted'>;
  'expiration.complete': EventHandler<'expiration.complete'>;
  'payment.created': EventHandler<'payment.created'>;
  'order.cancelled': EventHandler<'order.cancelled'>;
  'order.offered': EventHandler<'order.offered'>;
  'order.completed': EventHandler<'order.completed'>;
  'event.cancelled': EventHandler<'event.cancelled'>;
}

/** One thin handler per topic; the domain decides, the handler only translates the outcome. */
export function ordersHandlers(deps: OrdersDeps): OrdersHandlers {
  return {
    'ticket.created': async (e) => answer(await ticketCreated(deps, e)),
    'ticket.updated': async (e) => answer(await ticketUpdated(deps, e)),
    'ticket.deleted': async (e) => answer(await ticketDeleted(deps, e)),
    'expiration.complete': async (e) =>
      answer((await expireOrder(deps, e.orderId)) === 'not-due' ? 'not-yet' : 'done'),
    'payment.created': async (e) =>
      answer(
        await completeOrder(deps, {
          orderId: e.orderId,
          paymentId: e.id,
          amount: e.amount,
          currency: e.currency,
        }),
      ),
    'order.cancelled': async (e) => {
      await releaseTicketOf(deps, e.id);
      return answer(e.reason === 'expired' ? await notifyHoldLapsed(deps, e.id) : 'done');
    },
    'order.offered': async (e) => answer(await notifyHoldOffered(deps, e)),
    'order.completed': async (e) => answer(await notifyTicketSold(deps, e)),
    'event.cancelled': async (e) => answer(await eventCancelled(deps, e)),
  };
}

export async function subscribeOrders(
  deps: OrdersDeps,
  subscriber: EventSubscriber,
): Promise<void> {
  const h = ordersHandlers(deps);
  await subscriber.subscribe('ticket.created', h['ticket.created']);
  await subscriber.subscribe('ticket.updated', h['ticket.updated']);
  await subscriber.subscribe('ticket.deleted', h['ticket.deleted']);
  await subscriber.subscribe('expiration.complete', h['expiration.complete']);
  await subscriber.subscribe('payment.created', h['payment.created']);
  await subscriber.subscribe('order.cancelled', h['order.cancelled']);
  await subscriber.subscribe('order.offered', h['order.offered']);
  await subscriber.subscribe('order.completed', h['order.completed']);
  await subscriber.subscribe('event.cancelled', h['event.cancelled']);
}
