import type { EventHandler } from '@ticketing/common';
import { sellForOrder } from '../domain/reservations';
import { orRetry, type HandlerDeps } from './handler-deps';

/** A paid order makes its buyer the ticket's holder. */
export function onOrderCompleted({
  logger,
  afterWrite,
}: HandlerDeps): EventHandler<'order.completed'> {
  return (event) =>
    orRetry(logger, 'order.completed', async () => {
      const outcome = await sellForOrder(event.id, event.ticketId, event.userId);
      switch (outcome) {
        case 'sold':
          afterWrite(event.ticketId);
          return 'success';
        case 'already-sold':
          return 'success';
        case 'not-reserved-yet':
          return 'retry';
        case 'impossible':
          logger.error(
            { orderId: event.id, ticketId: event.ticketId },
            'order.completed for a ticket it cannot hold',
          );
          return 'drop';
      }
    });
}
