import { notFound } from '@ticketing/common';
import type { Payout, Ticket } from '@ticketing/contracts';
import { payoutsOf } from '../data/payouts';
import { findHeldBy, findTicket } from '../data/ticket-repository';
import { publicTicket } from './ticket-decision';

/**
 * A ticket's own page shows it whatever its state; a deleted one is gone. Its history of sales
 * is shown to its seller and its holder only.
 */
export async function showTicket(id: string, viewerId?: string): Promise<Ticket> {
  const ticket = await findTicket(id);
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  return publicTicket(ticket, viewerId);
}

/** "My tickets": what the user holds, up for resale or not. */
export async function heldTickets(userId: string): Promise<Ticket[]> {
  return (await findHeldBy(userId)).map((t) => publicTicket(t, userId));
}

/** What the user is owed for tickets they resold. */
export function payouts(userId: string): Promise<Payout[]> {
  return payoutsOf(userId);
}
