import { z } from 'zod';
import { Order, OrderTicket } from './orders';
import { EventStatus } from './events-resource';
import { CancelReason, Category, Currency, Id, Instant, Price, Version } from './shared';
import { Ticket } from './tickets';

/**
 * Every event the platform publishes, one zod schema per topic. Each carries a unique `eventId`
 * (consumers use it to drop duplicates) and the `version` of the aggregate it describes.
 */
const Meta = { eventId: Id, version: Version };

/**
 * A ticket's replicated state: what the API shows, less what only the listing needs. The fields
 * added with events and resale are optional or defaulted, so events published before them (the
 * stream replays) still parse. `eventId` is the message's id here, so the ticket's Event is
 * `eventRef`.
 */
const TicketSnapshot = Ticket.omit({
  eventKey: true,
  createdAt: true,
  eventId: true,
  ownership: true,
  faceValue: true,
  resale: true,
  resales: true,
})
  .extend(Meta)
  .extend({
    eventRef: Id.optional().describe("the ticket's Event (Ticket.eventId)"),
    // Events carry them always (the services that replicate tickets need them); answers may not.
    orderId: z.string().nullable(),
    holderId: z.string().nullable(),
    faceValue: Price.optional(),
    resale: z.boolean().default(false),
    resales: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('grows each time the holder relists it: a new round of sale'),
  });

/** An Event's lifecycle, as the tickets service announces it. */
const EventSnapshot = z.object({
  ...Meta,
  id: Id,
  title: z.string(),
  category: Category,
  venue: z.string(),
  startsAt: Instant,
  status: EventStatus,
});

export const Events = {
  'ticket.created': TicketSnapshot,
  'ticket.updated': TicketSnapshot,
  'ticket.deleted': z.object({ ...Meta, id: Id, eventRef: Id.optional() }),
  'event.created': EventSnapshot,
  'event.cancelled': EventSnapshot,
  'order.created': Order.pick({ id: true, userId: true, status: true, expiresAt: true }).extend({
    ...Meta,
    ticket: OrderTicket,
  }),
  'order.cancelled': z.object({
    ...Meta,
    id: Id,
    ticketId: Id,
    reason: CancelReason,
  }),
  /** A priority hold was made for the first person on a wanted list (notifies them). */
  'order.offered': z.object({
    ...Meta,
    id: Id,
    userId: Id,
    eventRef: Id.describe('the Event whose wanted list it came from'),
    ticketId: Id,
    title: z.string(),
    price: Price,
    currency: Currency,
    expiresAt: Instant,
  }),
  'order.completed': z.object({
    ...Meta,
    id: Id,
    userId: Id,
    ticketId: Id,
    paymentId: Id,
  }),
  'expiration.complete': z.object({ eventId: Id, orderId: Id }),
  'payment.created': z.object({
    eventId: Id,
    id: Id,
    orderId: Id,
    stripeId: z.string(),
    amount: z.number().int().nonnegative(),
    currency: Currency,
  }),
  /** Used by system tests to prove the broker path end to end. */
  'system.ping': z.object({ eventId: Id, sentAt: Instant, note: z.string() }),
} as const;

export type Topic = keyof typeof Events;
export type EventOf<T extends Topic> = z.infer<(typeof Events)[T]>;
export const TOPICS = Object.keys(Events) as Topic[];
