import type { EventHandler } from '@ticketing/common';
import { reserveForOrder } from '../domain/reservations';
import { orRetry, type HandlerDeps } from './handler-deps';

/** An order reserves its ticket: the ticket leaves the listing. */
export function onOrderCreated({ logger, afterWrite }: HandlerDeps): EventHandler<'order.created'> {
  return (event) =>
    orRetry(logger, 'order.created', async () => {
      const outcome = await reserveForOrder(event.id, event.ticket.id);
      if (outcome === 'reserved' || outcome === 'order-cancelled') afterWrite(event.ticket.id);
      return outcome === 'held-by-another' ? 'retry' : 'success';
    });
}
