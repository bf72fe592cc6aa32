import type { ListTicketsQuery, TicketList } from '@ticketing/contracts';
import { listOnSale } from '../data/ticket-repository';
import { ticketFor } from './ticket-decision';

/** The listing: tickets on sale (not reserved, sold or deleted) of events that have not started. */
export async function listTickets(query: ListTicketsQuery, now = new Date()): Promise<TicketList> {
  const { q, sort, page, limit, ...rest } = query;
  const { items, total } = await listOnSale(
    { ...rest, text: q || undefined, startsAfter: now },
    sort,
    page,
    limit,
  );
  // The read model keeps holders (figures need the whole ticket); a listing shows no one's.
  return { items: items.map((t) => ticketFor(t)), page, limit, total };
}
