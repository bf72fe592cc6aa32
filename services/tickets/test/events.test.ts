import request from 'supertest';
import { EventModel } from '../src/data/event-model';
import { dropOnSaleIndex, useOnSaleIndex } from '../src/data/ticket-repository';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTickets,
  eventKicks,
  eventRelay,
  inDays,
  marker,
  newUser,
  orderCompleted,
  orderCreated,
  orderId,
  RecordingPublisher,
  useTicketsApp,
  type TicketJson,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const created = onOrderCreated(h.deps);
const completed = onOrderCompleted(h.deps);

const browse = async (query: Record<string, string | number>) =>
  (await request(h.app).get('/api/events').query(query).expect(200)).body;
const page = async (id: string, query: Record<string, string | number> = {}) =>
  (await request(h.app).get(`/api/events/${id}`).query(query).expect(200)).body;

async function sell(ticket: TicketJson) {
  const id = orderId();
  await created(orderCreated(ticket, id));
  await completed(orderCompleted(ticket.id, id, newUser('buyer').id));
}

describe('events from listings', () => {
  it('when a seller lists tickets of a new event, then the event is created once with event.created, and the same event listed again joins it', async () => {
    const m = marker();
    const startsAt = inDays(40);
    const before = eventKicks.length;
    const [a] = await createTickets(h, seller, { title: `${m} Gala`, startsAt, quantity: 2 });
    const [b] = await createTickets(h, newUser('other'), {
      title: `  ${m.toUpperCase()}   gala `,
      startsAt,
      price: 900,
    });

    expect(b!.eventId).toBe(a!.eventId);
    expect(eventKicks.slice(before)).toEqual([a!.eventId]);
    expect(await EventModel.countDocuments({ key: a!.eventKey })).toBe(1);
    const publisher = new RecordingPublisher();
    await eventRelay(publisher).drain();
    expect(publisher.published.filter((p) => p.event.id === a!.eventId)).toEqual([
      {
        topic: 'event.created',
        event: {
          eventId: expect.any(String),
          version: 0,
          id: a!.eventId,
          title: `${m} Gala`,
          category: 'theatre',
          venue: 'The Globe',
          startsAt,
          status: 'scheduled',
        },
      },
    ]);
  });

  it("when a seller lists by eventId, then the tickets take the event's description", async () => {
    const m = marker();
    const [first] = await createTickets(h, seller, { title: `${m} Opera`, category: 'opera' });
    const res = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', newUser('fan').auth)
      .send({ eventId: first!.eventId, price: 1200, quantity: 3 })
      .expect(201);
    expect(res.body.tickets).toHaveLength(3);
    for (const t of res.body.tickets)
      expect(t).toMatchObject({
        eventId: first!.eventId,
        title: `${m} Opera`,
        category: 'opera',
        venue: first!.venue,
        startsAt: first!.startsAt,
        price: 1200,
        faceValue: 1200,
      });
  });

  it('when eventId names no event, then 404; with the event described as well, then 400 per field', async () => {
    await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .send({ eventId: '0123456789abcdef01234567', price: 100 })
      .expect(404);
    const res = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .send({ eventId: '0123456789abcdef01234567', title: 'x', price: 100 })
      .expect(400);
    expect(res.body.errors).toEqual([
      {
        message: "Give eventId or the event's title, category, venue, startsAt, not both",
        field: 'title',
      },
    ]);
    const none = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .send({ price: 100 })
      .expect(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'title',
      'category',
      'venue',
      'startsAt',
    ]);
  });
});

describe('GET /api/events', () => {
  it('when events have tickets on sale, then each card shows the cheapest price and the count left; a sold-out one says so', async () => {
    const m = marker();
    const soon = inDays(5);
    const [cheap] = await createTickets(h, seller, {
      title: `${m} A`,
      startsAt: soon,
      price: 3000,
    });
    await createTickets(h, seller, { title: `${m} A`, startsAt: soon, price: 1500, quantity: 2 });
    const [only] = await createTickets(h, seller, { title: `${m} B`, startsAt: inDays(6) });
    await sell(only!);

    const res = await browse({ q: m });
    expect(res).toMatchObject({ page: 1, limit: 12, total: 2 });
    expect(res.items).toEqual([
      expect.objectContaining({
        id: cheap!.eventId,
        title: `${m} A`,
        counts: { onSale: 3, reserved: 0, sold: 0 },
        cheapest: { price: 1500, currency: 'usd' },
        soldOut: false,
        status: 'scheduled',
      }),
      expect.objectContaining({
        id: only!.eventId,
        counts: { onSale: 0, reserved: 0, sold: 1 },
        cheapest: null,
        soldOut: true,
      }),
    ]);
  });

  it('when filtered by category and paged, then only those events show, soonest first', async () => {
    const m = marker();
    for (const [i, category] of ['sports', 'concert', 'sports', 'sports'].entries())
      await createTickets(h, seller, { title: `${m} ${i}`, category, startsAt: inDays(10 + i) });
    const first = await browse({ q: m, category: 'sports', limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((e: { title: string }) => e.title)).toEqual([`${m} 0`, `${m} 2`]);
    const second = await browse({ q: m, category: 'sports', limit: 2, page: 2 });
    expect(second.items.map((e: { title: string }) => e.title)).toEqual([`${m} 3`]);
  });

  it('when the query is malformed, then 400 names the field', async () => {
    const res = await request(h.app).get('/api/events').query({ limit: 0 }).expect(400);
    expect(res.body.errors).toEqual([{ message: 'limit must be at least 1', field: 'limit' }]);
    await request(h.app).get('/api/events').query({ category: 'circus' }).expect(400);
  });
});

describe('GET /api/events/:id', () => {
  it('when an event has tickets, then its page lists those on sale cheapest first with the counts', async () => {
    const m = marker();
    const startsAt = inDays(8);
    const tickets = [
      ...(await createTickets(h, seller, { title: m, startsAt, price: 4000 })),
      ...(await createTickets(h, seller, { title: m, startsAt, price: 2000 })),
      ...(await createTickets(h, seller, { title: m, startsAt, price: 3000 })),
    ];
    await sell(tickets[1]!);
    await created(orderCreated(tickets[2]!, orderId()));

    const body = await page(tickets[0]!.eventId);
    expect(body).toMatchObject({
      id: tickets[0]!.eventId,
      title: m,
      counts: { onSale: 1, reserved: 1, sold: 1 },
      cheapest: { price: 4000, currency: 'usd' },
      soldOut: false,
      listings: { page: 1, limit: 20, total: 1 },
    });
    expect(body.listings.items.map((t: TicketJson) => t.price)).toEqual([4000]);
  });

  it('when several are on sale, then they page cheapest first', async () => {
    const m = marker();
    const startsAt = inDays(9);
    for (const price of [500, 100, 300, 200, 400])
      await createTickets(h, seller, { title: m, startsAt, price });
    const [one] = await createTickets(h, seller, { title: m, startsAt, price: 600 });
    const first = await page(one!.eventId, { limit: 4 });
    expect(first.listings.items.map((t: TicketJson) => t.price)).toEqual([100, 200, 300, 400]);
    expect(first.listings.total).toBe(6);
    const second = await page(one!.eventId, { limit: 4, page: 2 });
    expect(second.listings.items.map((t: TicketJson) => t.price)).toEqual([500, 600]);
  });

  it('when no such event exists, then 404', async () => {
    await request(h.app).get('/api/events/0123456789abcdef01234567').expect(404);
    await request(h.app).get('/api/events/nope').expect(404);
  });

  it('when read from the store instead of memory, then the figures and listings are the same', async () => {
    const m = marker();
    const startsAt = inDays(12);
    const tickets = await createTickets(h, seller, { title: m, startsAt, price: 700, quantity: 3 });
    await createTickets(h, seller, { title: m, startsAt, price: 650 });
    await sell(tickets[0]!);
    const fromMemory = await page(tickets[0]!.eventId);
    const cardFromMemory = (await browse({ q: m })).items;
    dropOnSaleIndex();
    try {
      expect(await page(tickets[0]!.eventId)).toEqual(fromMemory);
      expect((await browse({ q: m })).items).toEqual(cardFromMemory);
    } finally {
      await useOnSaleIndex();
    }
    // And a read model rebuilt from the store agrees.
    expect(await page(tickets[0]!.eventId)).toEqual(fromMemory);
  });
});
