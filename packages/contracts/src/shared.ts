import { z } from 'zod';

export const Id = z.string().min(1);
/** The last page a list route serves: deeper skips cost the store a scan and no person reads them. */
export const MAX_PAGE = 1000;
/** The most items one page of any list holds. */
export const MAX_LIMIT = 100;

/** A query parameter holding a whole number from `min` to `max` (query values arrive as strings). */
export const wholeNumber = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field} must be a whole number` })
    .regex(/^\d+$/, `${field} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${field} must be at least ${min}`)
        .max(max, `${field} must be at most ${max}`),
    );

/** `page` and `limit`, the same on every list route: pages 1 to MAX_PAGE, at most MAX_LIMIT items. */
export const pageParams = (defaultLimit = 20) => ({
  page: wholeNumber('page', 1, MAX_PAGE).default(1),
  limit: wholeNumber('limit', 1, MAX_LIMIT).default(defaultLimit),
});

/** What every page of a list says about itself besides its items. */
export const pageInfo = {
  page: z.number().int().positive(),
  limit: z.number().int().positive(),
  total: z.number().int().nonnegative(),
};
/** What an id taken from a request may hold: nothing a store could choke on (NUL, lone surrogates, operators). */
export const ID_CHARS = /^[A-Za-z0-9_-]+$/;
/** ISO 8601 date-time in UTC, as every answer and event carries instants. */
export const Instant = z.iso.datetime().describe('ISO date-time, UTC');
export const Price = z.number().int().nonnegative().describe('minor units');
export const Currency = z.string().length(3).describe('ISO 4217 code, lower-case');
export const Version = z.number().int().nonnegative();

/** Vocabulary the API and the events share. */
export const Category = z.enum(['movie', 'concert', 'opera', 'sports', 'theatre', 'other']);
export type Category = z.infer<typeof Category>;

export const TicketStatus = z.enum(['available', 'reserved', 'sold']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const OrderStatus = z.enum(['created', 'awaiting:payment', 'complete', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Why an order was cancelled, as order.cancelled announces it. */
export const CancelReason = z.enum(['expired', 'buyer', 'ticket-deleted']);
export type CancelReason = z.infer<typeof CancelReason>;

/** Every error answer: one entry per problem, naming the field when there is one. */
export const ErrorBody = z.object({
  errors: z.array(z.object({ message: z.string(), field: z.string().optional() })),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ApiErrorItem = ErrorBody['errors'][number];
