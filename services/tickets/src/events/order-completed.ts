import { dropEvent, type EventHandler } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { sellForOrder } from '../domain/reservations';

/** A paid order makes its buyer the ticket's holder. */
export function onOrderCompleted(deps: TicketsDeps): EventHandler<'order.completed'> {
  return async (event) => {
    switch (await sellForOrder(deps, event.id, event.ticketId, event.userId)) {
      case 'sold':
      case 'already-sold':
        return 'success';
      case 'not-reserved-yet':
        return 'retry';
      case 'impossible':
        return dropEvent(deps.logger, 'order.completed for a ticket it cannot hold', {
          orderId: event.id,
          ticketId: event.ticketId,
        });
    }
  };
}
