import { z } from 'zod';
import { Category, Currency, Id, Instant, Price, Version, pageInfo, pageParams } from './shared';
import { TicketList } from './tickets';

/*
 * The Event resource: one show (title, category, venue, start), the thing buyers browse. Every
 * ticket belongs to one (`Ticket.eventId`). Served by the tickets service at /api/events.
 */

export const EventStatus = z.enum(['scheduled', 'cancelled']);
export type EventStatus = z.infer<typeof EventStatus>;

const count = z.number().int().nonnegative();

/** What an event card shows: the event and its figures, kept without scanning its tickets. */
export const EventSummary = z.object({
  id: Id,
  title: z.string(),
  category: Category,
  venue: z.string(),
  startsAt: Instant,
  status: EventStatus,
  createdBy: Id.describe('the user who created it: its organiser, the one who may cancel it'),
  counts: z.object({
    onSale: count.describe('tickets on sale now (first listings and resales)'),
    reserved: count.describe('held by an open order'),
    sold: count.describe('held by a buyer and not on sale'),
  }),
  cheapest: z
    .object({ price: Price, currency: Currency })
    .nullable()
    .describe('the cheapest ticket on sale; null when sold out'),
  soldOut: z.boolean().describe('nothing on sale'),
  version: Version,
  createdAt: Instant,
});
export type EventSummary = z.infer<typeof EventSummary>;

export const EventList = z.object({
  items: z.array(EventSummary),
  ...pageInfo,
});
export type EventList = z.infer<typeof EventList>;

/** An event's page: the event and its tickets on sale, cheapest first. */
export const EventDetail = EventSummary.extend({ listings: TicketList });
export type EventDetail = z.infer<typeof EventDetail>;

/** Browsing events: upcoming and not cancelled, soonest first. */
export const ListEventsQuery = z.object({
  q: z
    .string({ error: 'q must be a single string' })
    .trim()
    .max(200, 'q must be at most 200 characters')
    .optional(),
  category: z
    .enum(Category.options, { error: `category must be one of ${Category.options.join(', ')}` })
    .optional(),
  ...pageParams(12),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

/** The page of listings on an event's page. */
export const EventListingsQuery = z.object({
  ...pageParams(),
});
export type EventListingsQuery = z.infer<typeof EventListingsQuery>;
