import type { Ticket } from '@ticketing/contracts';
import { publicTicket, ticketFor } from '../domain/ticket-decision';
import type { Figures } from './event-figures';
import { readModels } from './read-models';
import { toTicketRecord, type StoredTicket } from './ticket-repository';
import { TicketModel } from './ticket-model';

/**
 * An event's figures and listings: from the read model when this process keeps one, else from
 * the store through the { eventId, status, price } index (a few documents per event, no scan).
 */
export async function figuresOf(eventId: string): Promise<Figures> {
  if (readModels.figures) return readModels.figures.figures(eventId);
  const base = { eventId, deletedAt: null };
  const [onSale, reserved, sold, cheapest] = await Promise.all([
    TicketModel.countDocuments({ ...base, status: 'available' }),
    TicketModel.countDocuments({ ...base, status: 'reserved' }),
    TicketModel.countDocuments({ ...base, status: 'sold' }),
    TicketModel.findOne({ ...base, status: 'available' }, { price: 1, currency: 1 })
      .sort({ price: 1, _id: 1 })
      .lean<{ price: number; currency: string }>(),
  ]);
  return {
    onSale,
    reserved,
    sold,
    cheapest: cheapest ? { price: cheapest.price, currency: cheapest.currency } : null,
  };
}

export async function listingsOf(
  eventId: string,
  page: number,
  limit: number,
): Promise<{ items: Ticket[]; total: number }> {
  if (readModels.figures) {
    // The read model keeps holders; a public listing shows no one's.
    const { items, total } = readModels.figures.listings(eventId, page, limit);
    return { items: items.map((t) => ticketFor(t)), total };
  }
  const filter = { eventId, deletedAt: null, status: 'available' };
  const [docs, total] = await Promise.all([
    TicketModel.find(filter, { outbox: 0, ownership: 0 })
      .sort({ price: 1, startsAt: 1, _id: 1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<StoredTicket[]>(),
    TicketModel.countDocuments(filter),
  ]);
  return { items: docs.map((d) => publicTicket(toTicketRecord(d))), total };
}
