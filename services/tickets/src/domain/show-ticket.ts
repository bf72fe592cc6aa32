import { notFound } from '@ticketing/common';
import { findTicket, publicTicket, type Ticket } from '../data/tickets';

/** A ticket's own page shows it whatever its state; a deleted one is gone. */
export async function showTicket(id: string): Promise<Ticket> {
  const ticket = await findTicket(id);
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  return publicTicket(ticket);
}
