import { PayoutModel } from '../src/data/payout-model';
import { onOrderCancelled } from '../src/events/order-cancelled';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import request from 'supertest';
import {
  createTicket,
  newUser,
  orderCancelled,
  orderCompleted,
  orderCreated,
  orderId,
  stored,
  useTicketsApp,
  type TestUser,
  type TicketJson,
} from './harness';

const h = useTicketsApp();
const created = onOrderCreated(h.deps);
const cancelled = onOrderCancelled(h.deps);
const completed = onOrderCompleted(h.deps);

/** `buyer` reserves and pays for the ticket as it is now; returns the order id. */
async function buy(ticket: TicketJson, buyer: TestUser): Promise<string> {
  const id = orderId();
  expect(await created(orderCreated(ticket, id, buyer))).toBe('success');
  expect(await completed(orderCompleted(ticket.id, id, buyer.id))).toBe('success');
  return id;
}

const show = (id: string, user?: TestUser) => {
  const req = request(h.app).get(`/api/tickets/${id}`);
  if (user) req.set('Authorization', user.auth);
  return req;
};
const resell = (id: string, user: TestUser, body: unknown) =>
  request(h.app)
    .post(`/api/tickets/${id}/resale`)
    .set('Authorization', user.auth)
    .send(body as object);
const withdraw = (id: string, user: TestUser) =>
  request(h.app).delete(`/api/tickets/${id}/resale`).set('Authorization', user.auth);

describe('resale', () => {
  it('when the buyer of a complete order holds a ticket, then it is on "My tickets" and not on the seller\'s', async () => {
    const [a, b] = [newUser('a'), newUser('b')];
    const ticket = await createTicket(h, a, { price: 5000 });
    await buy(ticket, b);

    const mine = await request(h.app).get('/api/tickets/mine').set('Authorization', b.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: ticket.id, holderId: b.id, status: 'sold', faceValue: 5000 }),
    ]);
    const theirs = await request(h.app).get('/api/tickets/mine').set('Authorization', a.auth);
    expect(theirs.body.items).toEqual([]);
  });

  it('when the holder asks more than the face value, then 400 names the price and nothing changes', async () => {
    const [a, b] = [newUser('a'), newUser('b')];
    const ticket = await createTicket(h, a, { price: 5000 });
    await buy(ticket, b);
    const before = await stored(ticket.id);

    const res = await resell(ticket.id, b, { price: 5001 }).expect(400);

    expect(res.body).toEqual({
      errors: [{ message: 'price must be at most 50.00 USD, its face value', field: 'price' }],
    });
    expect((await stored(ticket.id))?.version).toBe(before?.version);
  });

  it('when someone who does not hold it resells it, then 403; the seller too', async () => {
    const [a, b, c] = [newUser('a'), newUser('b'), newUser('c')];
    const ticket = await createTicket(h, a);
    await buy(ticket, b);

    await resell(ticket.id, c, { price: 100 }).expect(403);
    await resell(ticket.id, a, { price: 100 }).expect(403);
    // Nor may the original seller edit or delete it once sold.
    await request(h.app)
      .put(`/api/tickets/${ticket.id}`)
      .set('Authorization', a.auth)
      .send({ price: 1 })
      .expect(409);
    await request(h.app)
      .delete(`/api/tickets/${ticket.id}`)
      .set('Authorization', a.auth)
      .expect(409);
  });

  it('when a ticket was never sold, then no one can resell it', async () => {
    const a = newUser('a');
    const ticket = await createTicket(h, a);
    await resell(ticket.id, a, { price: 100 }).expect(403);
  });

  it('when the price is not a whole positive number, then 400 names it', async () => {
    const [a, b] = [newUser('a'), newUser('b')];
    const ticket = await createTicket(h, a);
    await buy(ticket, b);
    const res = await resell(ticket.id, b, { price: 'ten' }).expect(400);
    expect(res.body.errors).toEqual([{ message: 'price must be a number', field: 'price' }]);
    await resell(ticket.id, b, { price: 10, title: 'x' }).expect(400);
  });

  it('when A sells to B, B resells to C and C pays, then C holds it, B is owed the price and the chain shows to the seller and holder only', async () => {
    const [a, b, c] = [newUser('a'), newUser('b'), newUser('c')];
    const ticket = await createTicket(h, a, { price: 5000 });
    const first = await buy(ticket, b);

    const relisted = await resell(ticket.id, b, { price: 4000 }).expect(200);
    expect(relisted.body).toMatchObject({
      status: 'available',
      sellerId: b.id,
      holderId: b.id,
      price: 4000,
      faceValue: 5000,
      resale: true,
      resales: 1,
      orderId: null,
    });
    // On sale again: in the listing and on its event's page.
    const event = await request(h.app).get(`/api/events/${ticket.eventId}`).expect(200);
    expect(event.body.listings.items.map((t: TicketJson) => t.id)).toContain(ticket.id);
    // Who resells it is public (the seller); that they hold it, and through which order, is not.
    const onEventPage = event.body.listings.items.find((t: TicketJson) => t.id === ticket.id);
    const inListing = (
      await request(h.app).get('/api/tickets').query({ q: ticket.title, limit: 100 }).expect(200)
    ).body.items.find((t: TicketJson) => t.id === ticket.id);
    for (const listed of [onEventPage, inListing]) {
      expect(listed).toMatchObject({ id: ticket.id, sellerId: b.id });
      expect(listed).not.toHaveProperty('holderId');
      expect(listed).not.toHaveProperty('orderId');
    }

    const second = await buy(relisted.body as TicketJson, c);

    const asC = await show(ticket.id, c).expect(200);
    expect(asC.body).toMatchObject({ status: 'sold', holderId: c.id, sellerId: b.id });
    expect(asC.body.ownership).toEqual([
      expect.objectContaining({ from: a.id, to: b.id, orderId: first, price: 5000, resale: false }),
      expect.objectContaining({ from: b.id, to: c.id, orderId: second, price: 4000, resale: true }),
    ]);
    expect((await show(ticket.id, b).expect(200)).body.ownership).toHaveLength(2);
    expect((await show(ticket.id, a).expect(200)).body).not.toHaveProperty('ownership');
    expect((await show(ticket.id).expect(200)).body).not.toHaveProperty('ownership');

    const owed = await request(h.app).get('/api/tickets/payouts').set('Authorization', b.auth);
    expect(owed.body.items).toEqual([
      expect.objectContaining({
        id: second,
        ticketId: ticket.id,
        eventId: ticket.eventId,
        sellerId: b.id,
        amount: 4000,
        currency: 'usd',
        status: 'owed',
      }),
    ]);
    // The first sale was no resale: A is owed nothing here.
    const none = await request(h.app).get('/api/tickets/payouts').set('Authorization', a.auth);
    expect(none.body.items).toEqual([]);

    // C may resell it in turn; listings never show the chain.
    await resell(ticket.id, c, { price: 5000 }).expect(200);
    const listed = (await request(h.app).get(`/api/events/${ticket.eventId}`).expect(200)).body;
    const again = listed.listings.items.find((t: TicketJson) => t.id === ticket.id);
    expect(again).toMatchObject({ resales: 2, sellerId: c.id });
    expect(again).not.toHaveProperty('ownership');
  });

  it('when order.completed of a resale arrives twice, then one payout is recorded', async () => {
    const [a, b, c] = [newUser('a'), newUser('b'), newUser('c')];
    const ticket = await createTicket(h, a);
    await buy(ticket, b);
    const relisted = (await resell(ticket.id, b, { price: 1000 }).expect(200)).body as TicketJson;
    const id = orderId();
    await created(orderCreated(relisted, id, c));
    const event = orderCompleted(ticket.id, id, c.id);
    expect(await completed(event)).toBe('success');
    expect(await completed({ ...event, eventId: 'again' })).toBe('success');
    expect(await PayoutModel.countDocuments({ ticketId: ticket.id })).toBe(1);
  });

  it('when the old order.created and order.completed are replayed after a relisting, then nothing changes', async () => {
    const [a, b] = [newUser('a'), newUser('b')];
    const ticket = await createTicket(h, a);
    const id = orderId();
    const createdEvent = orderCreated(ticket, id, b);
    await created(createdEvent);
    await completed(orderCompleted(ticket.id, id, b.id));
    await resell(ticket.id, b, { price: 100 }).expect(200);
    const before = await stored(ticket.id);

    expect(await created(createdEvent)).toBe('success');
    expect(await completed(orderCompleted(ticket.id, id, b.id))).toBe('success');

    expect(await stored(ticket.id)).toMatchObject({
      status: 'available',
      version: before?.version,
    });
  });

  it('when a buyer holds the resale, then the holder cannot withdraw it; when the hold expires, they can', async () => {
    const [a, b, c] = [newUser('a'), newUser('b'), newUser('c')];
    const ticket = await createTicket(h, a);
    await buy(ticket, b);
    const relisted = (await resell(ticket.id, b, { price: 900 }).expect(200)).body as TicketJson;
    const id = orderId();
    await created(orderCreated(relisted, id, c));

    await withdraw(ticket.id, b).expect(409);
    await resell(ticket.id, b, { price: 800 }).expect(409);

    await cancelled(orderCancelled(ticket.id, id));
    const res = await withdraw(ticket.id, b).expect(200);
    expect(res.body).toMatchObject({
      status: 'sold',
      holderId: b.id,
      resale: false,
      orderId: null,
    });
    // Off sale: an order arriving now gets nothing.
    await created(orderCreated(relisted, orderId(), c));
    expect(await stored(ticket.id)).toMatchObject({ status: 'sold', holderId: b.id });
    await withdraw(ticket.id, b).expect(409);
  });

  it('when the holder changes the resale price by PUT or deletes it, then the price is capped and DELETE withdraws it', async () => {
    const [a, b] = [newUser('a'), newUser('b')];
    const ticket = await createTicket(h, a, { price: 3000 });
    await buy(ticket, b);
    await resell(ticket.id, b, { price: 2000 }).expect(200);
    const put = (body: object) =>
      request(h.app).put(`/api/tickets/${ticket.id}`).set('Authorization', b.auth).send(body);

    expect((await put({ price: 2500 }).expect(200)).body).toMatchObject({ price: 2500 });
    expect((await put({ price: 3500 }).expect(400)).body.errors[0].field).toBe('price');
    expect((await put({ title: 'Other' }).expect(400)).body.errors[0].field).toBe('title');
    // The original seller may not touch it.
    await request(h.app)
      .put(`/api/tickets/${ticket.id}`)
      .set('Authorization', a.auth)
      .send({ price: 1 })
      .expect(403);

    await request(h.app)
      .delete(`/api/tickets/${ticket.id}`)
      .set('Authorization', b.auth)
      .expect(204);
    expect(await stored(ticket.id)).toMatchObject({
      status: 'sold',
      holderId: b.id,
      deletedAt: null,
    });
  });

  it('when a resale is listed, then ticket.updated announces a new round with the reseller as seller', async () => {
    const [a, b] = [newUser('a'), newUser('b')];
    const ticket = await createTicket(h, a);
    await buy(ticket, b);
    await resell(ticket.id, b, { price: 10 }).expect(200);
    const events = await h.eventsOf(ticket.id);
    expect(events.at(-1)).toEqual({
      topic: 'ticket.updated',
      event: expect.objectContaining({
        status: 'available',
        sellerId: b.id,
        holderId: b.id,
        resale: true,
        resales: 1,
        eventRef: ticket.eventId,
        faceValue: ticket.price,
      }),
    });
  });
});
