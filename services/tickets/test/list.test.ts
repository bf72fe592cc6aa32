import request from 'supertest';
import { TicketModel } from '../src/data/ticket-model';
import { useOnSaleIndex } from '../src/data/ticket-repository';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTicket,
  inDays,
  marker,
  newUser,
  orderCompleted,
  orderCreated,
  orderId,
  useTicketsApp,
  type TicketJson,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const deps = h.deps;

interface Page {
  items: TicketJson[];
  page: number;
  limit: number;
  total: number;
}

const list = async (query: Record<string, string | number>): Promise<Page> =>
  (await request(h.app).get('/api/tickets').query(query).expect(200)).body as Page;

const titles = (page: Page) => page.items.map((t) => t.title);

describe('GET /api/tickets', () => {
  it('when tickets are on sale, then they are listed with the page, limit and total', async () => {
    const m = marker();
    const a = await createTicket(h, seller, { title: `${m} one` });
    const res = await list({ q: m });
    // The listing is public: who holds a ticket and through which order is not in it.
    const shown = { ...a };
    delete shown.orderId;
    delete shown.holderId;
    expect(res).toEqual({ items: [shown], page: 1, limit: 20, total: 1 });
  });

  it('when tickets are reserved, sold, deleted or their event has started, then they are not listed', async () => {
    const m = marker();
    const onSale = await createTicket(h, seller, { title: `${m} on sale` });
    const reserved = await createTicket(h, seller, { title: `${m} reserved` });
    const sold = await createTicket(h, seller, { title: `${m} sold` });
    const deleted = await createTicket(h, seller, { title: `${m} deleted` });
    const started = await createTicket(h, seller, { title: `${m} started` });

    await onOrderCreated(deps)(orderCreated(reserved));
    const buyer = newUser();
    const order = orderId();
    await onOrderCreated(deps)(orderCreated(sold, order, buyer));
    await onOrderCompleted(deps)(orderCompleted(sold.id, order, buyer.id));
    await request(h.app)
      .delete(`/api/tickets/${deleted.id}`)
      .set('Authorization', seller.auth)
      .expect(204);
    // An event can only start after it was listed: move this one's start into the past.
    await TicketModel.updateOne(
      { _id: started.id },
      { $set: { startsAt: new Date(Date.now() - 60_000) } },
    );
    // The read model learns of it as on a restart: the listing must still leave it out.
    await useOnSaleIndex();

    const res = await list({ q: m });
    expect(res.items.map((t) => t.id)).toEqual([onSale.id]);
    expect(res.total).toBe(1);
  });

  it('when q is given, then it matches title or venue, ignoring case', async () => {
    const m = marker();
    await createTicket(h, seller, { title: `Big ${m.toUpperCase()} night`, venue: 'Arena' });
    await createTicket(h, seller, { title: 'Quiet evening', venue: `The ${m} Hall` });
    await createTicket(h, seller, { title: 'Unrelated', venue: 'Elsewhere' });

    const res = await list({ q: m });
    expect(titles(res).sort()).toEqual([`Big ${m.toUpperCase()} night`, 'Quiet evening']);
  });

  it('when q holds regex characters, then they match literally', async () => {
    const m = marker();
    await createTicket(h, seller, { title: `${m} (a+b)*` });
    await createTicket(h, seller, { title: `${m} aab` });

    expect(titles(await list({ q: `${m} (a+b)*` }))).toEqual([`${m} (a+b)*`]);
    expect((await list({ q: `${m}.*` })).total).toBe(0);
  });

  it('when a category is given, then only that category is listed', async () => {
    const m = marker();
    await createTicket(h, seller, { title: `${m} film`, category: 'movie' });
    await createTicket(h, seller, { title: `${m} match`, category: 'sports' });

    expect(titles(await list({ q: m, category: 'sports' }))).toEqual([`${m} match`]);
  });

  it('when from and to are given, then only events starting in that range are listed, ends included', async () => {
    const m = marker();
    const days = [5, 10, 15, 20];
    for (const d of days)
      await createTicket(h, seller, { title: `${m} day ${d}`, startsAt: inDays(d) });
    const day10 = (await list({ q: `${m} day 10` })).items[0]!.startsAt;

    expect(titles(await list({ q: m, from: day10, to: inDays(16) }))).toEqual([
      `${m} day 10`,
      `${m} day 15`,
    ]);
    expect(titles(await list({ q: m, from: inDays(12) }))).toEqual([`${m} day 15`, `${m} day 20`]);
    expect(titles(await list({ q: m, to: inDays(6) }))).toEqual([`${m} day 5`]);
  });

  it('when minPrice and maxPrice are given, then only prices in that range are listed, ends included', async () => {
    const m = marker();
    for (const price of [100, 200, 300, 400])
      await createTicket(h, seller, { title: `${m} ${price}`, price });

    expect(titles(await list({ q: m, minPrice: 200, maxPrice: 300, sort: 'price' }))).toEqual([
      `${m} 200`,
      `${m} 300`,
    ]);
    expect(titles(await list({ q: m, minPrice: 350 }))).toEqual([`${m} 400`]);
    expect(titles(await list({ q: m, maxPrice: 100 }))).toEqual([`${m} 100`]);
  });

  it('when filters are combined, then a ticket must match all of them', async () => {
    const m = marker();
    await createTicket(h, seller, { title: `${m} a`, category: 'concert', price: 500 });
    await createTicket(h, seller, { title: `${m} b`, category: 'concert', price: 5000 });
    await createTicket(h, seller, { title: `${m} c`, category: 'opera', price: 500 });

    expect(titles(await list({ q: m, category: 'concert', maxPrice: 1000 }))).toEqual([`${m} a`]);
  });

  it('when sorted by date, price, -date or -price, then the order follows', async () => {
    const m = marker();
    await createTicket(h, seller, { title: `${m} B`, startsAt: inDays(2), price: 300 });
    await createTicket(h, seller, { title: `${m} A`, startsAt: inDays(1), price: 200 });
    await createTicket(h, seller, { title: `${m} C`, startsAt: inDays(3), price: 100 });

    expect(titles(await list({ q: m }))).toEqual([`${m} A`, `${m} B`, `${m} C`]);
    expect(titles(await list({ q: m, sort: 'date' }))).toEqual([`${m} A`, `${m} B`, `${m} C`]);
    expect(titles(await list({ q: m, sort: '-date' }))).toEqual([`${m} C`, `${m} B`, `${m} A`]);
    expect(titles(await list({ q: m, sort: 'price' }))).toEqual([`${m} C`, `${m} A`, `${m} B`]);
    expect(titles(await list({ q: m, sort: '-price' }))).toEqual([`${m} B`, `${m} A`, `${m} C`]);
  });

  it('when paging, then each ticket appears on exactly one page and total counts all matches', async () => {
    const m = marker();
    const res = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .send({
        title: `${m} block`,
        category: 'sports',
        venue: 'Stadium',
        startsAt: inDays(9),
        price: 700,
        quantity: 7,
      })
      .expect(201);
    const ids = (res.body.tickets as TicketJson[]).map((t) => t.id).sort();

    const pages = [
      await list({ q: m, limit: 3, page: 1 }),
      await list({ q: m, limit: 3, page: 2 }),
      await list({ q: m, limit: 3, page: 3 }),
    ];
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => [p.page, p.limit, p.total])).toEqual([
      [1, 3, 7],
      [2, 3, 7],
      [3, 3, 7],
    ]);
    expect(pages.flatMap((p) => p.items.map((t) => t.id)).sort()).toEqual(ids);

    const beyond = await list({ q: m, limit: 3, page: 4 });
    expect(beyond).toEqual({ items: [], page: 4, limit: 3, total: 7 });
  });

  it('when no limit is given, then 20 per page; 100 is the most', async () => {
    const m = marker();
    await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .send({
        title: `${m} many`,
        category: 'concert',
        venue: 'Hall',
        startsAt: inDays(3),
        price: 900,
        quantity: 25,
      })
      .expect(201);
    const first = await list({ q: m });
    expect(first.items).toHaveLength(20);
    expect(first.total).toBe(25);
    expect((await list({ q: m, limit: 100 })).items).toHaveLength(25);
  });

  it.each([
    [{ page: 0 }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ page: '1.5' }, 'page'],
    // Deeper pages make the store skip that many; no one reads past page 1000.
    [{ page: 1001 }, 'page'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ sort: 'title' }, 'sort'],
    [{ category: 'circus' }, 'category'],
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2030-13-01T00:00:00Z' }, 'to'],
    [{ minPrice: -1 }, 'minPrice'],
    [{ maxPrice: 'cheap' }, 'maxPrice'],
    [{ minPrice: 500, maxPrice: 100 }, 'maxPrice'],
    [{ from: '2031-01-02T00:00:00Z', to: '2031-01-01T00:00:00Z' }, 'to'],
    [{ q: 'x'.repeat(201) }, 'q'],
  ])('when the query is %j, then 400 naming %s', async (query, field) => {
    const res = await request(h.app).get('/api/tickets').query(query).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it('when page is the last one served (1000), then 200 with no items', async () => {
    const res = await request(h.app).get('/api/tickets').query({ page: 1000 }).expect(200);
    expect(res.body).toMatchObject({ items: [], page: 1000 });
  });

  it('when a parameter is repeated, then 400 naming it', async () => {
    const res = await request(h.app).get('/api/tickets?q=a&q=b').expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: 'q' }]);
  });
});
