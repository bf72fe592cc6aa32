import type { EventHandler } from '@ticketing/common';
import { releaseForOrder } from '../domain/reservations';
import { orRetry, type HandlerDeps } from './handler-deps';

/** A cancelled order frees its ticket at once; a repeated or early cancellation is a no-op. */
export function onOrderCancelled({
  logger,
  afterWrite,
}: HandlerDeps): EventHandler<'order.cancelled'> {
  return (event) =>
    orRetry(logger, 'order.cancelled', async () => {
      if ((await releaseForOrder(event.id, event.ticketId)) === 'released')
        afterWrite(event.ticketId);
      return 'success';
    });
}
