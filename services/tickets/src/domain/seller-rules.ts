import { conflict, forbidden, notFound } from '@ticketing/common';
import type { TicketRecord } from './ticket-decision';

/**
 * Who may change a listing: its seller while it is a first listing on sale; once a ticket has
 * been sold, only its holder, and only their resale (resale-rules.ts).
 */
export function assertSellerMayChange(
  ticket: TicketRecord | undefined,
  userId: string,
): asserts ticket is TicketRecord {
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  if (ticket.resale || ticket.ownership.length > 0) {
    if (ticket.holderId !== userId)
      throw forbidden('Only the holder may change this ticket now it has been sold');
  } else if (ticket.sellerId !== userId) throw forbidden('Only the seller may change this ticket');
  if (ticket.status !== 'available') {
    throw conflict(`The ticket is ${ticket.status}; it cannot be changed now`);
  }
}
