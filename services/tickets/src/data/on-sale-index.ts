import type { Ticket } from '@ticketing/contracts';
import type { OnSaleCriteria, OnSaleSort } from './ticket-repository';

/**
 * The listing's read model: the tickets on sale, kept in memory by the tickets service from its
 * own writes (it is the only writer of its database, decision 004), in the listing's three
 * orders, overall and per category. A page of the default listing, a sort or a category is a
 * binary search and `limit` steps, whatever the number of tickets; only free-text, price-range
 * and date-range filters walk the list (in memory). FerretDB cannot do this: it filters and
 * sorts every document in Go (docs/decisions/008).
 */
type Order = Exclude<OnSaleSort, '-date'>;
export type Compare = (a: Ticket, b: Ticket) => number;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const ORDERS: Record<Order, Compare> = {
  // Same orders as the store's sorts (ticket-repository.ts), _id last so pages are stable.
  date: (a, b) => byKey(a.startsAt, b.startsAt) || byKey(a.id, b.id),
  price: (a, b) => a.price - b.price || byKey(a.startsAt, b.startsAt) || byKey(a.id, b.id),
  '-price': (a, b) => b.price - a.price || byKey(a.startsAt, b.startsAt) || byKey(a.id, b.id),
};

/** First index in `list` (sorted by `cmp`) whose element is not before `probe`. */
export function lowerBound(list: Ticket[], probe: Ticket, cmp: Compare): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid]!, probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedList {
  readonly items: Ticket[] = [];
  constructor(readonly cmp: Compare) {}
  add(t: Ticket): void {
    this.items.splice(lowerBound(this.items, t, this.cmp), 0, t);
  }
  remove(t: Ticket): void {
    const i = lowerBound(this.items, t, this.cmp);
    if (this.items[i]?.id === t.id) this.items.splice(i, 1);
  }
}

export interface OnSalePage {
  items: Ticket[];
  total: number;
  /** Tickets looked at to answer: what a store would call rows examined. */
  examined: number;
}

const ALL = '*';

export class OnSaleIndex {
  private readonly byId = new Map<string, Ticket>();
  /** Per bucket (ALL, or a category), one sorted list per order. */
  private readonly buckets = new Map<string, Record<Order, SortedList>>();

  get size(): number {
    return this.byId.size;
  }

  private bucket(key: string): Record<Order, SortedList> {
    let b = this.buckets.get(key);
    if (!b) {
      b = {
        date: new SortedList(ORDERS.date),
        price: new SortedList(ORDERS.price),
        '-price': new SortedList(ORDERS['-price']),
      };
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Records the ticket's state after a write: listed while on sale, gone otherwise. */
  apply(ticket: Ticket & { deletedAt?: string | null }): void {
    const old = this.byId.get(ticket.id);
    if (old) {
      this.byId.delete(old.id);
      for (const key of [ALL, old.category])
        for (const list of Object.values(this.bucket(key))) list.remove(old);
    }
    const { deletedAt, ...plain } = ticket;
    if (plain.status !== 'available' || deletedAt) return;
    this.byId.set(plain.id, plain);
    for (const key of [ALL, plain.category])
      for (const list of Object.values(this.bucket(key))) list.add(plain);
  }

  /** Fills an empty index at once: one sort per list rather than one insertion per ticket. */
  load(tickets: Ticket[]): void {
    if (this.byId.size > 0) throw new Error('OnSaleIndex.load needs an empty index');
    for (const t of tickets) {
      if (t.status !== 'available') continue;
      this.byId.set(t.id, t);
      for (const key of [ALL, t.category])
        for (const list of Object.values(this.bucket(key))) list.items.push(t);
    }
    for (const lists of this.buckets.values())
      for (const list of Object.values(lists)) list.items.sort(list.cmp);
  }

  clear(): void {
    this.byId.clear();
    this.buckets.clear();
  }

  page(c: OnSaleCriteria, sort: OnSaleSort, page: number, limit: number): OnSalePage {
    const lists = this.bucket(c.category ?? ALL);
    const dates = lists.date.items;
    // Started events never show: in date order they are all before this index.
    const after = c.startsAfter.toISOString();
    const firstOpen = lowerBound(dates, { startsAt: after, id: 'g' } as Ticket, ORDERS.date);
    const skip = (page - 1) * limit;
    const narrowed =
      c.text !== undefined ||
      c.from !== undefined ||
      c.to !== undefined ||
      c.minPrice !== undefined ||
      c.maxPrice !== undefined;

    if (!narrowed && (sort === 'date' || sort === '-date')) {
      const total = dates.length - firstOpen;
      const items =
        sort === 'date'
          ? dates.slice(firstOpen + skip, firstOpen + skip + limit)
          : dates
              .slice(Math.max(firstOpen, dates.length - skip - limit), dates.length - skip)
              .reverse();
      return { items: skip >= total ? [] : items, total, examined: items.length };
    }

    const matches = this.matcher(c, after);
    if (!narrowed) {
      // A price order: started events are skipped as met (few: they leave at the next write).
      const total = dates.length - firstOpen;
      const out: Ticket[] = [];
      let examined = 0;
      let seen = 0;
      for (const t of lists[sort as Order].items) {
        examined++;
        if (!matches(t)) continue;
        if (seen++ < skip) continue;
        out.push(t);
        if (out.length === limit) break;
      }
      return { items: out, total, examined };
    }

    // Narrowed by text or ranges: every open ticket of the bucket is looked at, in memory.
    const order = sort === '-date' ? lists.date : lists[sort as Order];
    const walk = sort === '-date' ? [...order.items].reverse() : order.items;
    const out: Ticket[] = [];
    let total = 0;
    for (const t of walk) {
      if (!matches(t)) continue;
      if (total >= skip && out.length < limit) out.push(t);
      total++;
    }
    return { items: out, total, examined: walk.length };
  }

  private matcher(c: OnSaleCriteria, after: string): (t: Ticket) => boolean {
    const from = c.from?.toISOString();
    const to = c.to?.toISOString();
    const text = c.text?.toLowerCase();
    return (t) =>
      t.startsAt > after &&
      (from === undefined || t.startsAt >= from) &&
      (to === undefined || t.startsAt <= to) &&
      (c.minPrice === undefined || t.price >= c.minPrice) &&
      (c.maxPrice === undefined || t.price <= c.maxPrice) &&
      (text === undefined ||
        t.title.toLowerCase().includes(text) ||
        t.venue.toLowerCase().includes(text));
  }
}
