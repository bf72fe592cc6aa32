import { Types } from 'mongoose';
import request from 'supertest';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTicket,
  inDays,
  newUser,
  orderCompleted,
  orderCreated,
  orderId,
  stored,
  useTicketsApp,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const deps = h.deps;

const put = (id: string, body: unknown, auth: string | null = seller.auth) => {
  const req = request(h.app).put(`/api/tickets/${id}`);
  if (auth) req.set('Authorization', auth);
  return req.send(body as object);
};

describe('PUT /api/tickets/:id', () => {
  it('when the seller changes fields, then 200 with the ticket at the next version', async () => {
    const ticket = await createTicket(h, seller);
    const startsAt = inDays(50);
    const res = await put(ticket.id, {
      title: 'Macbeth',
      price: 3000,
      startsAt,
      currency: 'GBP',
    }).expect(200);

    expect(res.body).toEqual({
      ...ticket,
      // Another title: another event (found or created).
      eventId: expect.not.stringMatching(ticket.eventId),
      title: 'Macbeth',
      price: 3000,
      faceValue: 3000,
      startsAt,
      currency: 'gbp',
      version: 1,
      eventKey: `macbeth|the globe|${startsAt}`,
    });
    const shown = await request(h.app)
      .get(`/api/tickets/${ticket.id}`)
      .set('Authorization', seller.auth)
      .expect(200);
    expect(shown.body).toEqual(res.body);
  });

  it('when it changed, then one ticket.updated with the new version and the whole ticket is published', async () => {
    const ticket = await createTicket(h, seller);
    const kicks = h.kicks.length;
    await put(ticket.id, { venue: 'Old Vic' }).expect(200);
    expect(h.kicks.slice(kicks)).toEqual([ticket.id]);

    const events = await h.eventsOf(ticket.id);
    expect(events.map((e) => [e.topic, e.event.version])).toEqual([
      ['ticket.created', 0],
      ['ticket.updated', 1],
    ]);
    expect(events[1]!.event).toEqual({
      eventId: expect.any(String),
      version: 1,
      id: ticket.id,
      eventRef: expect.not.stringMatching(ticket.eventId),
      title: 'Hamlet',
      category: 'theatre',
      venue: 'Old Vic',
      startsAt: ticket.startsAt,
      price: 2500,
      currency: 'usd',
      faceValue: 2500,
      sellerId: seller.id,
      status: 'available',
      orderId: null,
      holderId: null,
      resale: false,
      resales: 0,
    });
  });

  it('when only the category changes, then the eventKey stays', async () => {
    const ticket = await createTicket(h, seller);
    const res = await put(ticket.id, { category: 'other' }).expect(200);
    expect(res.body).toMatchObject({ category: 'other', eventKey: ticket.eventKey, version: 1 });
  });

  it('when no one is signed in, then 401 and nothing changes', async () => {
    const ticket = await createTicket(h, seller);
    await put(ticket.id, { price: 1 }, null).expect(401);
    expect((await stored(ticket.id))?.version).toBe(0);
  });

  it('when someone else than the seller edits, then 403 and nothing changes', async () => {
    const ticket = await createTicket(h, seller);
    const res = await put(ticket.id, { price: 1 }, newUser('intruder').auth).expect(403);
    expect(res.body).toEqual({ errors: [{ message: 'Only the seller may change this ticket' }] });
    expect(await stored(ticket.id)).toMatchObject({ price: 2500, version: 0 });
  });

  it('when the ticket does not exist or the id is malformed, then 404', async () => {
    await put(new Types.ObjectId().toHexString(), { price: 1 }).expect(404);
    await put('nope', { price: 1 }).expect(404);
  });

  it('when the ticket was deleted, then 404', async () => {
    const ticket = await createTicket(h, seller);
    await request(h.app)
      .delete(`/api/tickets/${ticket.id}`)
      .set('Authorization', seller.auth)
      .expect(204);
    await put(ticket.id, { price: 1 }).expect(404);
  });

  it('when the ticket is reserved, then 409 and nothing changes', async () => {
    const ticket = await createTicket(h, seller);
    await onOrderCreated(deps)(orderCreated(ticket));
    const res = await put(ticket.id, { price: 1 }).expect(409);
    expect(res.body).toEqual({
      errors: [{ message: 'The ticket is reserved; it cannot be changed now' }],
    });
    expect(await stored(ticket.id)).toMatchObject({ price: 2500, version: 1 });
  });

  it('when the ticket is sold, then 409', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser();
    const order = orderId();
    await onOrderCreated(deps)(orderCreated(ticket, order, buyer));
    await onOrderCompleted(deps)(orderCompleted(ticket.id, order, buyer.id));
    await put(ticket.id, { price: 1 }).expect(409);
    // Not even the holder may edit the seller's listing.
    await put(ticket.id, { price: 1 }, buyer.auth).expect(403);
  });

  it.each([
    ['the body is empty', {}, undefined],
    ['the title is blank', { title: '  ' }, 'title'],
    ['startsAt is in the past', { startsAt: inDays(-2) }, 'startsAt'],
    ['the price is 0', { price: 0 }, 'price'],
    ['the price is above 10,000,000', { price: 10_000_001 }, 'price'],
    ['the category is unknown', { category: 'circus' }, 'category'],
    ['the currency is not 3 letters', { currency: 'dollars' }, 'currency'],
  ])('when %s, then 400', async (_case, body, field) => {
    const ticket = await createTicket(h, seller);
    const res = await put(ticket.id, body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), ...(field ? { field } : {}) }]);
    expect((await stored(ticket.id))?.version).toBe(0);
  });

  it.each([
    ['status', { status: 'sold' }],
    ['sellerId', { sellerId: 'someone' }],
    ['version', { version: 9 }],
    ['quantity', { quantity: 2 }],
  ])('when the body sets %s, then 400 for the unknown field', async (name, body) => {
    const ticket = await createTicket(h, seller);
    const res = await put(ticket.id, { price: 5, ...body }).expect(400);
    expect(res.body.errors).toEqual([{ message: `Unknown field: ${name}`, field: name }]);
    expect((await stored(ticket.id))?.version).toBe(0);
  });

  it('when ten edits race, then all apply one after another: versions 1 to 10, one event each', async () => {
    const ticket = await createTicket(h, seller);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => put(ticket.id, { price: 1000 + i })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.map((r) => r.body.version).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);

    const events = await h.eventsOf(ticket.id);
    expect(events.map((e) => e.event.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const last = results.find((r) => r.body.version === 10)!;
    expect((await stored(ticket.id))?.price).toBe(last.body.price);
    expect(events[10]!.event).toMatchObject({ price: last.body.price });
  });
});
