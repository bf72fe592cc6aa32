import { notFound } from '@ticketing/common';
import type {
  EventDetail,
  EventList,
  EventListingsQuery,
  EventSummary,
  ListEventsQuery,
} from '@ticketing/contracts';
import { figuresOf, listingsOf } from '../data/event-figures-query';
import { findEvent, listEvents } from '../data/event-repository';
import type { EventRecord } from './event-record';

/** An event with its figures, as a card shows it. */
export async function summaryOf({ key: _key, ...event }: EventRecord): Promise<EventSummary> {
  const { cheapest, ...counts } = await figuresOf(event.id);
  return { ...event, counts, cheapest, soldOut: counts.onSale === 0 };
}

/** Browsing: upcoming events soonest first, each with "from $X · N left" or sold out. */
export async function browseEvents(query: ListEventsQuery, now: Date): Promise<EventList> {
  const { q, category, page, limit } = query;
  const { items, total } = await listEvents(
    { text: q || undefined, category, startsAfter: now },
    page,
    limit,
  );
  return { items: await Promise.all(items.map(summaryOf)), page, limit, total };
}

/** An event's page: its figures and its tickets on sale, cheapest first. */
export async function showEvent(id: string, query: EventListingsQuery): Promise<EventDetail> {
  const event = await findEvent(id);
  if (!event) throw notFound('Event not found');
  const { page, limit } = query;
  const [summary, listings] = await Promise.all([
    summaryOf(event),
    listingsOf(event.id, page, limit),
  ]);
  return { ...summary, listings: { ...listings, page, limit } };
}
