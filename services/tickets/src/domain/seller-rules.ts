import { conflict, forbidden, notFound } from '@ticketing/common';
import type { TicketRecord } from './ticket-decision';

/** Only the seller may change a listing, and only while it is on sale. */
export function assertSellerMayChange(
  ticket: TicketRecord | undefined,
  userId: string,
): asserts ticket is TicketRecord {
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  if (ticket.sellerId !== userId) throw forbidden('Only the seller may change this ticket');
  if (ticket.status !== 'available') {
    throw conflict(`The ticket is ${ticket.status}; it cannot be changed now`);
  }
}
