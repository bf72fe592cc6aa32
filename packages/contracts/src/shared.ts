import { z } from 'zod';

export const Id = z.string().min(1);
/** The last page a list route serves: deeper skips cost the store a scan and no person reads them. */
export const MAX_PAGE = 1000;
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
