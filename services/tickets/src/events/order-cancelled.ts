import type { EventHandler } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { releaseForOrder } from '../domain/reservations';

/** A cancelled order frees its ticket at once; a repeated or early cancellation is a no-op. */
export function onOrderCancelled(deps: TicketsDeps): EventHandler<'order.cancelled'> {
  return async (event) => {
    await releaseForOrder(deps, event.id, event.ticketId);
    return 'success';
  };
}
