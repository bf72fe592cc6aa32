import type { EventHandler, EventSubscriber, HandlerResult } from '@ticketing/common';
import { completeOrder } from '../domain/complete-order';
import type { OrdersContext, Outcome } from '../domain/context';
import { expireOrder } from '../domain/expire-order';
import { releaseTicketOf } from '../domain/release-ticket';
import { ticketCreated, ticketDeleted, ticketUpdated } from '../domain/replicate-ticket';

// Not yet means the event depends on one that has not arrived: ask the broker to redeliver.
const answer = (outcome: Outcome): HandlerResult => (outcome === 'done' ? 'success' : 'retry');

export interface OrdersHandlers {
  'ticket.created': EventHandler<'ticket.created'>;
  'ticket.updated': EventHandler<'ticket.updated'>;
  'ticket.deleted': EventHandler<'ticket.deleted'>;
  'expiration.complete': EventHandler<'expiration.complete'>;
  'payment.created': EventHandler<'payment.created'>;
  'order.cancelled': EventHandler<'order.cancelled'>;
}

/** One thin handler per topic; the domain decides, the handler only translates the outcome. */
export function ordersHandlers(ctx: OrdersContext): OrdersHandlers {
  return {
    'ticket.created': async (e) => answer(await ticketCreated(e)),
    'ticket.updated': async (e) => answer(await ticketUpdated(e)),
    'ticket.deleted': async (e) => answer(await ticketDeleted(ctx, e)),
    'expiration.complete': async (e) => answer(await expireOrder(ctx, e.orderId)),
    'payment.created': async (e) =>
      answer(await completeOrder(ctx, { orderId: e.orderId, paymentId: e.id })),
    'order.cancelled': async (e) => answer(await releaseTicketOf(ctx, e.id)),
  };
}

export async function subscribeOrders(
  ctx: OrdersContext,
  subscriber: EventSubscriber,
): Promise<void> {
  const h = ordersHandlers(ctx);
  await subscriber.subscribe('ticket.created', h['ticket.created']);
  await subscriber.subscribe('ticket.updated', h['ticket.updated']);
  await subscriber.subscribe('ticket.deleted', h['ticket.deleted']);
  await subscriber.subscribe('expiration.complete', h['expiration.complete']);
  await subscriber.subscribe('payment.created', h['payment.created']);
  await subscriber.subscribe('order.cancelled', h['order.cancelled']);
}
