import { z } from 'zod';
import {
  Category,
  Currency,
  Id,
  Instant,
  Price,
  TicketStatus,
  Version,
  pageInfo,
  pageParams,
  wholeNumber,
} from './shared';

const MAX_PRICE = 10_000_000;

/** "x is required" when absent, "x must be a <kind>" when present with the wrong type. */
const typed = (field: string, kind: string) => ({
  error: (issue: { input: unknown }) =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${kind}`,
});

const text = (field: string) =>
  z
    .string(typed(field, 'a string'))
    .trim()
    .min(1, `${field} is required`)
    .max(200, `${field} must be at most 200 characters`);

const category = z.enum(
  Category.options,
  typed('category', `one of ${Category.options.join(', ')}`),
);

/** A start time in the future, stored and returned in UTC. */
const startsAt = z.iso
  .datetime({ offset: true, error: 'startsAt must be an ISO date-time' })
  // Checked only for a valid date-time, so a malformed one gets one message, not two.
  .refine((s) => !(Date.parse(s) <= Date.now()), 'startsAt must be in the future')
  .transform((s) => new Date(s).toISOString());

const price = z
  .number(typed('price', 'a number'))
  .int('price must be a whole number of minor units')
  .positive('price must be more than 0')
  .max(MAX_PRICE, `price must be at most ${MAX_PRICE}`);

// Stored lower-case; "USD" is accepted as the same currency.
const currency = z
  .string(typed('currency', 'a string'))
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, 'currency must be a 3-letter ISO code');

const EVENT_FIELDS = ['title', 'category', 'venue', 'startsAt'] as const;

/**
 * Lists `quantity` tickets of one event: an existing one (`eventId`), or the event described by
 * title, category, venue and startsAt (found if it exists, created otherwise).
 */
export const CreateTicketsInput = z
  .strictObject({
    eventId: z
      .string(typed('eventId', 'a string'))
      .trim()
      .min(1, 'eventId must not be empty')
      .max(100, 'eventId must be at most 100 characters')
      .optional(),
    title: text('title').optional(),
    category: category.optional(),
    venue: text('venue').optional(),
    startsAt: startsAt.optional(),
    price,
    currency: currency.default('usd'),
    quantity: z
      .number(typed('quantity', 'a number'))
      .int('quantity must be a whole number')
      .min(1, 'quantity must be at least 1')
      .max(100, 'quantity must be at most 100')
      .default(1),
  })
  .superRefine(
    (v, ctx) => {
      // Also run when another field failed, so every missing field is named at once.
      if (typeof v !== 'object' || v === null) return;
      if (v.eventId !== undefined) {
        for (const field of EVENT_FIELDS)
          if (v[field] !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: `Give eventId or the event's ${EVENT_FIELDS.join(', ')}, not both`,
            });
        return;
      }
      for (const field of EVENT_FIELDS)
        if (v[field] === undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required` });
    },
    { when: () => true },
  );
export type CreateTicketsInput = z.infer<typeof CreateTicketsInput>;

/** The holder puts a ticket they hold up for resale, or changes the price of its resale. */
export const ResellInput = z.strictObject({ price });
export type ResellInput = z.infer<typeof ResellInput>;

export const EditTicketInput = z
  .strictObject({
    title: text('title').optional(),
    category: category.optional(),
    venue: text('venue').optional(),
    startsAt: startsAt.optional(),
    price: price.optional(),
    currency: currency.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');
export type EditTicketInput = z.infer<typeof EditTicketInput>;

const instant = (field: string) =>
  z.iso
    .datetime({ offset: true, error: `${field} must be an ISO date-time` })
    .transform((s) => new Date(s));

export const ListTicketsQuery = z
  .object({
    q: z
      .string({ error: 'q must be a single string' })
      .trim()
      .max(200, 'q must be at most 200 characters')
      .optional(),
    category: category.optional(),
    from: instant('from').optional(),
    to: instant('to').optional(),
    minPrice: wholeNumber('minPrice', 0, MAX_PRICE).optional(),
    maxPrice: wholeNumber('maxPrice', 0, MAX_PRICE).optional(),
    sort: z
      .enum(['date', '-date', 'price', '-price'], {
        error: 'sort must be one of date, -date, price, -price',
      })
      .default('date'),
    ...pageParams(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    error: 'to must not be before from',
    path: ['to'],
  })
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    error: 'maxPrice must not be below minPrice',
    path: ['maxPrice'],
  });
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

/** One change of hands: a sale, first or resale. */
export const Ownership = z.object({
  from: Id.describe('the seller'),
  to: Id.describe('the buyer'),
  orderId: Id,
  price: Price,
  currency: Currency,
  resale: z.boolean(),
  at: Instant,
});
export type Ownership = z.infer<typeof Ownership>;

/** A ticket as every answer shows it, whatever its state. */
export const Ticket = z.object({
  id: Id,
  eventId: Id.describe('the Event it belongs to (GET /api/events/{id})'),
  title: z.string(),
  category: Category,
  venue: z.string(),
  startsAt: Instant,
  price: Price,
  currency: Currency,
  faceValue: Price.describe('the price it was first sold at; resale is capped from it'),
  sellerId: Id.describe("the current listing's seller: the lister, or the holder reselling it"),
  status: TicketStatus,
  orderId: z
    .string()
    .nullable()
    .optional()
    .describe('the order that holds or bought it; shown only to its seller and its holder'),
  holderId: z
    .string()
    .nullable()
    .optional()
    .describe('who bought it; shown only to its seller and its holder'),
  resale: z.boolean().describe('the current (or last) listing is a resale by its holder'),
  resales: z.number().int().nonnegative().describe('times it was put up for resale'),
  version: Version,
  eventKey: z.string().describe('title|venue|startsAt: tickets of one event share it'),
  createdAt: Instant,
  ownership: z
    .array(Ownership)
    .optional()
    .describe('the chain of sales, oldest first; shown only to its seller and its holder'),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketList = z.object({
  items: z.array(Ticket),
  ...pageInfo,
});
export type TicketList = z.infer<typeof TicketList>;

export const CreatedTickets = z.object({ tickets: z.array(Ticket) });
export type CreatedTickets = z.infer<typeof CreatedTickets>;

/** Tickets the signed-in user holds (bought, possibly up for resale), soonest event first. */
export const HeldTickets = z.object({ items: z.array(Ticket) });
export type HeldTickets = z.infer<typeof HeldTickets>;

export const PayoutStatus = z.enum(['owed', 'paid']);
export type PayoutStatus = z.infer<typeof PayoutStatus>;

/** What the platform owes a reseller for one resale (recorded when the buyer's order completes). */
export const Payout = z.object({
  id: Id.describe('the order that bought the ticket'),
  ticketId: Id,
  eventId: Id,
  title: z.string(),
  sellerId: Id.describe('who is owed'),
  amount: Price,
  currency: Currency,
  status: PayoutStatus,
  createdAt: Instant,
});
export type Payout = z.infer<typeof Payout>;

export const PayoutList = z.object({ items: z.array(Payout) });
export type PayoutList = z.infer<typeof PayoutList>;
