import { z } from 'zod';
import { Currency, ID_CHARS, Id, Instant, Price } from './shared';

const MAX_PRICE = 10_000_000;

const eventId = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'eventId is required' : 'eventId must be a string',
  })
  .trim()
  .min(1, 'eventId is required')
  .max(100, 'eventId must be at most 100 characters')
  .regex(ID_CHARS, 'eventId must be an id (letters, digits, - and _)');

/** Joining an event's wanted list: the most the buyer would pay, in the event's currency. */
export const JoinWantedInput = z.strictObject({
  eventId,
  maxPrice: z
    .number({
      error: (issue) =>
        issue.input === undefined ? 'maxPrice is required' : 'maxPrice must be a number',
    })
    .int('maxPrice must be a whole number of minor units')
    .positive('maxPrice must be more than 0')
    .max(MAX_PRICE, `maxPrice must be at most ${MAX_PRICE}`),
});
export type JoinWantedInput = z.infer<typeof JoinWantedInput>;

export const WantedQuery = z.object({ eventId });
export type WantedQuery = z.infer<typeof WantedQuery>;

/** One person's place on an event's wanted list. */
export const WantedEntry = z.object({
  eventId: Id,
  userId: Id,
  maxPrice: Price,
  currency: Currency,
  /** 1 is next in line. */
  place: z.number().int().positive().describe('place in line; 1 is next'),
  /** The join's ticket number: distinct per event, in arrival order (FIFO). */
  position: z.number().int().positive(),
  joinedAt: Instant,
});
export type WantedEntry = z.infer<typeof WantedEntry>;

/** An event's list as anyone sees it, plus the caller's own place when signed in and on it. */
export const WantedList = z.object({
  eventId: Id,
  length: z.number().int().nonnegative(),
  mine: WantedEntry.nullable(),
});
export type WantedList = z.infer<typeof WantedList>;

export const MyWanted = z.object({ items: z.array(WantedEntry) });
export type MyWanted = z.infer<typeof MyWanted>;

/** For a holder: how many want each event they hold tickets for, and the most anyone would pay. */
export const WantedDemand = z.object({
  items: z.array(
    z.object({
      eventId: Id,
      title: z.string(),
      waiting: z.number().int().positive(),
      maxPrice: Price,
      currency: Currency,
    }),
  ),
});
export type WantedDemand = z.infer<typeof WantedDemand>;

/** On an order made for the first person on a wanted list (a priority hold). */
export const PriorityHold = z.object({
  eventId: Id,
  position: z.number().int().positive(),
});
export type PriorityHold = z.infer<typeof PriorityHold>;

/** Many events' list lengths at once (the browse page's "Sold out · M wanted"). */
export const WantedCountsQuery = z.object({
  eventIds: z
    .string({ error: 'eventIds must be a comma-separated list of event ids' })
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(
          z
            .string()
            .max(100, 'an event id is at most 100 characters')
            .regex(ID_CHARS, 'eventIds must hold ids (letters, digits, - and _)'),
        )
        .min(1, 'eventIds must name at least one event')
        .max(100, 'eventIds must name at most 100 events'),
    ),
});
export type WantedCountsQuery = z.infer<typeof WantedCountsQuery>;

export const WantedCounts = z.object({
  items: z.array(z.object({ eventId: Id, length: z.number().int().nonnegative() })),
});
export type WantedCounts = z.infer<typeof WantedCounts>;
