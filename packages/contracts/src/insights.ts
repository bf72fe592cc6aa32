import { z } from 'zod';
import { Category, Currency, Instant } from './shared';

/*
 * The answers of the insights service (written in Go: it serves these shapes, it does not
 * import them). Sell-through points are per minute; revenue is per currency, in minor units.
 */

const Count = z.number().int().nonnegative();
const Money = z.object({ currency: Currency, amount: z.number().int() });

export const InsightsFigures = z.object({
  listed: Count.describe('tickets listed and not deleted'),
  onSale: Count,
  held: Count.describe('open orders: reserved, not yet paid or expired'),
  sold: Count,
  cancelled: Count,
  expired: Count.describe('cancelled because the hold expired'),
  revenue: z.array(Money),
  sellThrough: z.number().min(0).max(1).describe('sold / listed'),
});
export type InsightsFigures = z.infer<typeof InsightsFigures>;

export const DayRevenue = z.object({
  day: z.string().describe('YYYY-MM-DD, UTC'),
  currency: Currency,
  amount: z.number().int(),
});
export type DayRevenue = z.infer<typeof DayRevenue>;

export const EventInsights = z.object({
  event: z.object({
    id: z.string().describe('16 hex digits, the same for every seller of the event'),
    key: z.string().describe('title|venue|startsAt, normalised'),
    title: z.string(),
    venue: z.string(),
    category: Category,
    startsAt: Instant,
  }),
  figures: InsightsFigures,
  sellThrough: z.array(
    z.object({
      at: z.string().describe('minute (or first listing) the point is at, UTC'),
      sold: Count.describe('sold so far'),
      ratio: z.number().min(0).max(1),
    }),
  ),
  revenueByDay: z.array(DayRevenue),
  firstListedAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type EventInsights = z.infer<typeof EventInsights>;

export const SellerInsights = z.object({
  sellerId: z.string(),
  totals: InsightsFigures,
  revenueByDay: z.array(DayRevenue),
  events: z.array(EventInsights),
});
export type SellerInsights = z.infer<typeof SellerInsights>;
