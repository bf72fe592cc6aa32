import type { EventHandler } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { reserveForOrder } from '../domain/reservations';

/** An order reserves its ticket: the ticket leaves the listing. */
export function onOrderCreated(deps: TicketsDeps): EventHandler<'order.created'> {
  return async (event) => {
    const outcome = await reserveForOrder(deps, event.id, event.ticket.id);
    // Held by another order whose cancellation has not arrived yet: wait for it.
    return outcome === 'held-by-another' ? 'retry' : 'success';
  };
}
