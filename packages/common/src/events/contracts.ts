import { z } from 'zod';

/**
 * Every event the platform publishes, one zod schema per topic. Each carries a unique `eventId`
 * (consumers use it to drop duplicates) and the `version` of the aggregate it describes.
 */
const Id = z.string().min(1);
const Money = { price: z.number().int().nonnegative(), currency: z.string().length(3) };
const Meta = { eventId: Id, version: z.number().int().nonnegative() };

export const TicketStatus = z.enum(['available', 'reserved', 'sold']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Category = z.enum(['movie', 'concert', 'opera', 'sports', 'theatre', 'other']);
export type Category = z.infer<typeof Category>;

const TicketSnapshot = z.object({
  ...Meta,
  id: Id,
  title: z.string(),
  category: Category,
  venue: z.string(),
  startsAt: z.iso.datetime(),
  ...Money,
  sellerId: Id,
  status: TicketStatus,
  orderId: z.string().nullable(),
  holderId: z.string().nullable(),
});

export const OrderStatus = z.enum(['created', 'awaiting:payment', 'complete', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Events = {
  'ticket.created': TicketSnapshot,
  'ticket.updated': TicketSnapshot,
  'ticket.deleted': z.object({ ...Meta, id: Id }),
  'order.created': z.object({
    ...Meta,
    id: Id,
    userId: Id,
    status: OrderStatus,
    expiresAt: z.iso.datetime(),
    ticket: z.object({ id: Id, ...Money, title: z.string(), sellerId: Id }),
  }),
  'order.cancelled': z.object({
    ...Meta,
    id: Id,
    ticketId: Id,
    reason: z.enum(['expired', 'buyer', 'ticket-deleted']),
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
    currency: z.string().length(3),
  }),
  /** Used by system tests to prove the broker path end to end. */
  'system.ping': z.object({ eventId: Id, sentAt: z.iso.datetime(), note: z.string() }),
} as const;

export type Topic = keyof typeof Events;
export type EventOf<T extends Topic> = z.infer<(typeof Events)[T]>;
export const TOPICS = Object.keys(Events) as Topic[];
