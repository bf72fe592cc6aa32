import { conflict, forbidden, notFound } from '@ticketing/common';
import type { TicketRecord } from './ticket-decision';

/**
 * Who may change a listing: its seller, while it is on sale. A resale is its holder's: the first
 * seller may no longer change it (resale.ts).
 */
export function assertSellerMayChange(
  ticket: TicketRecord | undefined,
  userId: string,
): asserts ticket is TicketRecord {
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  if (ticket.resale) {
    if (ticket.holderId !== userId) throw forbidden('Only the holder may change this resale');
  } else if (ticket.sellerId !== userId) throw forbidden('Only the seller may change this ticket');
  if (ticket.status !== 'available') {
    throw conflict(`The ticket is ${ticket.status}; it cannot be changed now`);
  }
}
