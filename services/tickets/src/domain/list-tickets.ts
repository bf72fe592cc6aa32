import { listOnSale, type Ticket } from '../data/tickets';
import type { ListTicketsQuery } from '@ticketing/contracts';

export interface TicketPage {
  items: Ticket[];
  page: number;
  limit: number;
  total: number;
}

/** The listing: tickets on sale (not reserved, sold or deleted) of events that have not started. */
export async function listTickets(query: ListTicketsQuery, now = new Date()): Promise<TicketPage> {
  const { q, sort, page, limit, ...rest } = query;
  const { items, total } = await listOnSale(
    { ...rest, text: q || undefined, startsAfter: now },
    sort,
    page,
    limit,
  );
  return { items, page, limit, total };
}
