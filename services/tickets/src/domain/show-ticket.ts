import { notFound } from '@ticketing/common';
import type { Ticket } from '@ticketing/contracts';
import { findTicket } from '../data/ticket-repository';
import { publicTicket } from './ticket-decision';

/** A ticket's own page shows it whatever its state; a deleted one is gone. */
export async function showTicket(id: string): Promise<Ticket> {
  const ticket = await findTicket(id);
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  return publicTicket(ticket);
}
