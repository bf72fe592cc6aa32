import request from 'supertest';
import { TicketModel } from '../src/data/ticket-model';
import { createTickets, inDays, newUser, stored, ticketBody, useTicketsApp } from './harness';

const h = useTicketsApp();
const seller = newUser('seller');

const post = (body: unknown, auth: string | null = seller.auth) => {
  const req = request(h.app).post('/api/tickets');
  if (auth) req.set('Authorization', auth);
  return req.send(body as object);
};

describe('POST /api/tickets', () => {
  it('when a seller lists one ticket, then 201 with it in an array, on sale at version 0', async () => {
    const startsAt = inDays(10);
    const res = await post(ticketBody({ startsAt })).expect(201);

    expect(res.body).toEqual({
      tickets: [
        {
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          eventId: expect.stringMatching(/^[0-9a-f]{24}$/),
          title: 'Hamlet',
          category: 'theatre',
          venue: 'The Globe',
          startsAt,
          price: 2500,
          currency: 'usd',
          faceValue: 2500,
          sellerId: seller.id,
          status: 'available',
          orderId: null,
          holderId: null,
          resale: false,
          resales: 0,
          version: 0,
          eventKey: `hamlet|the globe|${startsAt}`,
          createdAt: expect.any(String),
        },
      ],
    });
    expect(res.body.tickets[0]).not.toHaveProperty('_id');
    expect(res.body.tickets[0]).not.toHaveProperty('outbox');
  });

  it('when it is created, then ticket.created with version 0 and the whole ticket is published', async () => {
    const [ticket] = await createTickets(h, seller, { title: 'Carmen', category: 'opera' });

    const events = await h.eventsOf(ticket!.id);
    expect(events).toEqual([
      {
        topic: 'ticket.created',
        event: {
          eventId: expect.any(String),
          version: 0,
          id: ticket!.id,
          eventRef: ticket!.eventId,
          title: 'Carmen',
          category: 'opera',
          venue: 'The Globe',
          startsAt: ticket!.startsAt,
          price: 2500,
          currency: 'usd',
          faceValue: 2500,
          sellerId: seller.id,
          status: 'available',
          orderId: null,
          holderId: null,
          resale: false,
          resales: 0,
        },
      },
    ]);
    expect((await stored(ticket!.id))?.outbox).toEqual([]);
  });

  it('when quantity is 5, then 5 tickets of one event, each with its own outbox entry and event', async () => {
    const kicksBefore = h.kicks.length;
    const res = await post(ticketBody({ title: 'Five of a kind', quantity: 5 })).expect(201);

    const tickets = res.body.tickets as { id: string; eventKey: string; version: number }[];
    expect(tickets).toHaveLength(5);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(5);
    expect(new Set(tickets.map((t) => t.eventKey)).size).toBe(1);
    for (const t of tickets) {
      const doc = await stored(t.id);
      expect(doc?.outbox).toHaveLength(1);
      expect(doc?.outbox[0]).toMatchObject({
        topic: 'ticket.created',
        data: { id: t.id, version: 0 },
      });
    }
    // Each ticket written is drained by its id.
    expect(h.kicks.slice(kicksBefore)).toEqual(tickets.map((t) => t.id));

    await h.drain();
    const created = h.publisher.published.filter(
      (p) => p.topic === 'ticket.created' && tickets.some((t) => t.id === p.event.id),
    );
    expect(created).toHaveLength(5);
    expect(new Set(created.map((p) => p.event.eventId)).size).toBe(5);
  });

  it('when quantity is 100, then 100 tickets are listed', async () => {
    const res = await post(ticketBody({ title: 'Stadium block', quantity: 100 })).expect(201);
    expect(res.body.tickets).toHaveLength(100);
    expect(await TicketModel.countDocuments({ title: 'Stadium block' })).toBe(100);
  });

  it('when text has spaces around it and the currency is upper-case, then they are normalised', async () => {
    const res = await post(
      ticketBody({ title: '  Swan   Lake ', venue: ' Royal  Opera House ', currency: 'EUR' }),
    ).expect(201);
    const [t] = res.body.tickets;
    expect(t).toMatchObject({ title: 'Swan   Lake', venue: 'Royal  Opera House', currency: 'eur' });
    expect(t.eventKey).toBe(`swan lake|royal opera house|${t.startsAt}`);
  });

  it('when the start has an offset, then it is stored and returned in UTC', async () => {
    const res = await post(ticketBody({ startsAt: '2099-06-01T20:30:00+02:00' })).expect(201);
    expect(res.body.tickets[0].startsAt).toBe('2099-06-01T18:30:00.000Z');
  });

  it('when the same event is listed twice in other case, then both have the same eventKey', async () => {
    const startsAt = inDays(40);
    const [a] = await createTickets(h, seller, { title: 'Tosca', venue: 'La Scala', startsAt });
    const [b] = await createTickets(h, newUser(), { title: 'TOSCA', venue: 'la scala', startsAt });
    expect(a!.eventKey).toBe(b!.eventKey);
    expect(await TicketModel.countDocuments({ eventKey: a!.eventKey })).toBe(2);
  });

  it('when no one is signed in, then 401 and nothing is stored', async () => {
    const before = await TicketModel.countDocuments();
    const res = await post(ticketBody(), null).expect(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    await post(ticketBody(), 'Bearer not-a-token').expect(401);
    expect(await TicketModel.countDocuments()).toBe(before);
  });

  it.each([
    ['the title is missing', { title: undefined }, 'title'],
    ['the title is only spaces', { title: '   ' }, 'title'],
    ['the title is 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['the title is not a string', { title: 42 }, 'title'],
    ['the venue is empty', { venue: '' }, 'venue'],
    ['the venue is 201 characters', { venue: 'v'.repeat(201) }, 'venue'],
    ['the category is unknown', { category: 'circus' }, 'category'],
    ['startsAt is in the past', { startsAt: inDays(-1) }, 'startsAt'],
    ['startsAt is not a date-time', { startsAt: 'next friday' }, 'startsAt'],
    ['startsAt is a date only', { startsAt: '2031-01-01' }, 'startsAt'],
    ['the price is 0', { price: 0 }, 'price'],
    ['the price is negative', { price: -5 }, 'price'],
    ['the price has a fraction', { price: 10.5 }, 'price'],
    ['the price is above 10,000,000', { price: 10_000_001 }, 'price'],
    ['the price is a string', { price: '100' }, 'price'],
    ['the currency has 4 letters', { currency: 'usdd' }, 'currency'],
    ['the currency has digits', { currency: 'us1' }, 'currency'],
    ['quantity is 0', { quantity: 0 }, 'quantity'],
    ['quantity is 101', { quantity: 101 }, 'quantity'],
    ['quantity has a fraction', { quantity: 1.5 }, 'quantity'],
  ])('when %s, then 400 naming the field', async (_case, overrides, field) => {
    const res = await post(ticketBody(overrides)).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it('when the price is exactly 10,000,000 or 1, then it is accepted', async () => {
    await post(ticketBody({ price: 10_000_000 })).expect(201);
    await post(ticketBody({ price: 1 })).expect(201);
  });

  it('when the body has a field the API does not know, then 400 naming it', async () => {
    const res = await post(ticketBody({ status: 'sold', sellerId: 'someone-else' })).expect(400);
    expect(res.body.errors).toEqual([
      { message: 'Unknown field: status', field: 'status' },
      { message: 'Unknown field: sellerId', field: 'sellerId' },
    ]);
  });

  it('when there is no body, then 400 naming every required field', async () => {
    const res = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .expect(400);
    const errors = [...res.body.errors].sort((a, b) => a.field.localeCompare(b.field));
    expect(errors).toEqual([
      { field: 'category', message: 'category is required' },
      { field: 'price', message: 'price is required' },
      { field: 'startsAt', message: expect.any(String) },
      { field: 'title', message: 'title is required' },
      { field: 'venue', message: 'venue is required' },
    ]);
  });

  it('when the body is malformed JSON, then 400 in the error shape', async () => {
    const res = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', seller.auth)
      .set('Content-Type', 'application/json')
      .send('{"title": ')
      .expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
  });
});
