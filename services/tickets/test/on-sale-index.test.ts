import { Category, type Ticket, type TicketStatus } from '@ticketing/contracts';
import { OnSaleIndex } from '../src/data/on-sale-index';
import type { OnSaleCriteria, OnSaleSort } from '../src/data/ticket-repository';

const NOW = Date.UTC(2030, 0, 1);
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const hex = (n: number) => n.toString(16).padStart(24, '0');

function ticket(i: number, over: Partial<Ticket> = {}): Ticket {
  return {
    id: hex(i),
    eventId: hex(1000 + (i % 7)),
    title: `Show ${i % 7}`,
    category: Category.options[i % Category.options.length]!,
    venue: `Hall ${i % 3}`,
    // Some share a start or a price, so the tie-breaks matter.
    startsAt: at(((i * 37) % 50) - 5),
    price: 1000 + ((i * 13) % 9) * 100,
    currency: 'usd',
    faceValue: 1000,
    sellerId: 'seller',
    status: 'available',
    orderId: null,
    holderId: null,
    resale: false,
    resales: 0,
    version: 0,
    eventKey: 'k',
    createdAt: at(-100),
    ...over,
  };
}

/** The store's answer, computed the slow way. */
function reference(
  all: Map<string, Ticket>,
  c: OnSaleCriteria,
  sort: OnSaleSort,
  page: number,
  limit: number,
) {
  const after = c.startsAfter.toISOString();
  const text = c.text?.toLowerCase();
  const open = [...all.values()].filter(
    (t) =>
      t.status === 'available' &&
      t.startsAt > after &&
      (!c.category || t.category === c.category) &&
      (!c.from || t.startsAt >= c.from.toISOString()) &&
      (!c.to || t.startsAt <= c.to.toISOString()) &&
      (c.minPrice === undefined || t.price >= c.minPrice) &&
      (c.maxPrice === undefined || t.price <= c.maxPrice) &&
      (!text || t.title.toLowerCase().includes(text) || t.venue.toLowerCase().includes(text)),
  );
  const key = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cmp: Record<OnSaleSort, (a: Ticket, b: Ticket) => number> = {
    date: (a, b) => key(a.startsAt, b.startsAt) || key(a.id, b.id),
    '-date': (a, b) => key(b.startsAt, a.startsAt) || key(b.id, a.id),
    price: (a, b) => a.price - b.price || key(a.startsAt, b.startsAt) || key(a.id, b.id),
    '-price': (a, b) => b.price - a.price || key(a.startsAt, b.startsAt) || key(a.id, b.id),
  };
  open.sort(cmp[sort]);
  return { ids: open.slice((page - 1) * limit, page * limit).map((t) => t.id), total: open.length };
}

describe('OnSaleIndex', () => {
  it('when tickets are listed, changed, sold and deleted, then every page matches the store query', () => {
    const index = new OnSaleIndex();
    const truth = new Map<string, Ticket>();
    const put = (t: Ticket & { deletedAt?: string | null }) => {
      index.apply(t);
      if (t.deletedAt) truth.delete(t.id);
      else truth.set(t.id, t);
    };
    // The first half as at start (one load), the rest written one by one.
    const first = Array.from({ length: 200 }, (_, i) => ticket(i));
    index.load(first);
    for (const t of first) truth.set(t.id, t);
    for (let i = 200; i < 400; i++) put(ticket(i));
    // Reserve, sell, release, edit, delete: the index follows each write.
    const statuses: TicketStatus[] = ['reserved', 'sold', 'available'];
    for (let i = 0; i < 400; i += 3) put(ticket(i, { status: statuses[i % 3]! }));
    for (let i = 1; i < 400; i += 11) put(ticket(i, { price: 500, startsAt: at(7) }));
    for (let i = 2; i < 400; i += 17) put({ ...ticket(i), deletedAt: at(0) });

    const criteria: OnSaleCriteria[] = [
      { startsAfter: new Date(NOW) },
      { startsAfter: new Date(NOW), category: 'opera' },
      { startsAfter: new Date(NOW), text: 'show 3' },
      { startsAfter: new Date(NOW), text: 'HALL 1', category: 'movie' },
      { startsAfter: new Date(NOW), minPrice: 1200, maxPrice: 1500 },
      { startsAfter: new Date(NOW), from: new Date(at(10)), to: new Date(at(30)) },
      { startsAfter: new Date(NOW + 20 * 60_000) },
    ];
    const sorts: OnSaleSort[] = ['date', '-date', 'price', '-price'];
    for (const c of criteria)
      for (const sort of sorts)
        for (const [page, limit] of [
          [1, 12],
          [2, 12],
          [3, 7],
          [40, 12],
        ] as const) {
          const got = index.page(c, sort, page, limit);
          const want = reference(truth, c, sort, page, limit);
          expect({ c, sort, page, ids: got.items.map((t) => t.id), total: got.total }).toEqual({
            c,
            sort,
            page,
            ...want,
          });
        }
  });

  it('when the default listing is asked for, then it looks at one page of tickets, not all of them', () => {
    const index = new OnSaleIndex();
    for (let i = 0; i < 5000; i++) index.apply(ticket(i, { startsAt: at(10 + i) }));
    const first = index.page({ startsAfter: new Date(NOW) }, 'date', 1, 12);
    expect(first.total).toBe(5000);
    expect(first.examined).toBe(12);
    expect(index.page({ startsAfter: new Date(NOW) }, '-date', 3, 12).examined).toBe(12);
    expect(
      index.page({ startsAfter: new Date(NOW), category: 'opera' }, 'price', 1, 12).examined,
    ).toBe(12);
  });
});
