import mongoose from 'mongoose';
import request from 'supertest';
import { OrderModel, transitionOrder } from '../src/data/orders';
import { TicketReplicaModel } from '../src/data/ticket-replica';
import {
  CLOCK_START,
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  placeOrder,
  replicaOf,
  user,
  useOrdersApp,
} from './harness';

const h = useOrdersApp();

describe('POST /api/orders', () => {
  it('when a buyer orders a ticket on sale, then 201 with the order, held for 15 minutes', async () => {
    const ticket = await listedTicket(h);
    const buyer = user();

    const res = await placeOrder(h, buyer, ticket.id).expect(201);

    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      userId: buyer.id,
      status: 'created',
      ticket: {
        id: ticket.id,
        title: ticket.title,
        price: ticket.price,
        currency: ticket.currency,
        sellerId: ticket.sellerId,
      },
      expiresAt: new Date(CLOCK_START + 15 * 60_000).toISOString(),
      version: 0,
      paymentId: null,
      cancelReason: null,
      createdAt: new Date(CLOCK_START).toISOString(),
      wanted: null,
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await replicaOf(ticket.id)).reservedBy).toBe(res.body.id);
  });

  it('when an order is placed, then order.created is published once with the order and its ticket', async () => {
    const ticket = await listedTicket(h);
    const buyer = user();
    const kicks = h.kicks.length;
    const order = await orderFor(h, buyer, ticket.id);

    // The relay is asked to drain this order, by its id.
    expect(h.kicks.slice(kicks)).toEqual([order.id]);
    const events = await h.eventsOf('order.created', order.id);

    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      eventId: expect.any(String),
      id: order.id,
      version: 0,
      userId: buyer.id,
      status: 'created',
      expiresAt: order.expiresAt,
      ticket: {
        id: ticket.id,
        price: ticket.price,
        currency: ticket.currency,
        title: ticket.title,
        sellerId: ticket.sellerId,
      },
    });
    // Published entries leave the outbox, so a later flush does not send them again.
    expect((await OrderModel.findById(order.id).lean())?.outbox).toEqual([]);
    expect(await h.eventsOf('order.created', order.id)).toHaveLength(1);
  });

  it('when not signed in, then 401', async () => {
    const ticket = await listedTicket(h);
    const res = await request(h.app).post('/api/orders').send({ ticketId: ticket.id }).expect(401);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });

  it('when the token is signed with another secret, then 401', async () => {
    const ticket = await listedTicket(h);
    await request(h.app)
      .post('/api/orders')
      .set('Authorization', 'Bearer not.a.token')
      .send({ ticketId: ticket.id })
      .expect(401);
  });

  it.each([
    ['ticketId is missing', {}],
    ['ticketId is not a string', { ticketId: 42 }],
    ['ticketId is empty', { ticketId: '  ' }],
    ['ticketId is too long', { ticketId: 'x'.repeat(101) }],
  ])('when %s, then 400 naming ticketId', async (_case, body) => {
    const res = await request(h.app)
      .post('/api/orders')
      .set('Authorization', user().auth)
      .send(body)
      .expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: 'ticketId' }]);
  });

  it('when the body has an unknown field, then 400', async () => {
    const ticket = await listedTicket(h);
    const res = await request(h.app)
      .post('/api/orders')
      .set('Authorization', user().auth)
      .send({ ticketId: ticket.id, price: 1 })
      .expect(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].message).toMatch(/price/);
  });

  it('when there is no body, then 400 naming ticketId', async () => {
    const res = await request(h.app)
      .post('/api/orders')
      .set('Authorization', user().auth)
      .expect(400);
    expect(res.body.errors).toEqual([{ message: 'ticketId is required', field: 'ticketId' }]);
  });

  it.each([
    ['unknown', newId()],
    ['malformed', '../../etc/passwd'],
  ])('when the ticket id is %s, then 404', async (_case, ticketId) => {
    const res = await placeOrder(h, user(), ticketId).expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when the ticket was deleted, then 404', async () => {
    const ticket = await listedTicket(h);
    const deleted = { eventId: newId(), id: ticket.id, version: 1 };
    expect(await h.handlers['ticket.deleted'](deleted)).toBe('success');

    await placeOrder(h, user(), ticket.id).expect(404);
  });

  it('when the buyer is the seller, then 400 naming ticketId and no order exists', async () => {
    const seller = user();
    const ticket = await listedTicket(h, { sellerId: seller.id });

    const res = await placeOrder(h, seller, ticket.id).expect(400);

    expect(res.body).toEqual({
      errors: [{ message: 'You cannot order your own ticket', field: 'ticketId' }],
    });
    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
  });

  it('when the event has already started, then 400 and the ticket stays on sale', async () => {
    const ticket = await listedTicket(h, { startsAt: new Date(CLOCK_START).toISOString() });

    const res = await placeOrder(h, user(), ticket.id).expect(400);

    expect(res.body.errors).toEqual([
      { message: 'The event has already started', field: 'ticketId' },
    ]);
    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
  });

  it('when the event starts a second from now, then it can still be ordered', async () => {
    const ticket = await listedTicket(h, { startsAt: new Date(CLOCK_START + 1000).toISOString() });
    await placeOrder(h, user(), ticket.id).expect(201);
  });

  it('when the ticket is reserved by another buyer, then 409 and the first order keeps it', async () => {
    const ticket = await listedTicket(h);
    const first = await orderFor(h, user(), ticket.id);

    const res = await placeOrder(h, user(), ticket.id).expect(409);

    expect(res.body).toEqual({
      errors: [{ message: 'Ticket is already reserved', field: 'ticketId' }],
    });
    expect((await replicaOf(ticket.id)).reservedBy).toBe(first.id);
  });

  it('when the same buyer orders the ticket twice, then the second is 409', async () => {
    const ticket = await listedTicket(h);
    const buyer = user();
    await orderFor(h, buyer, ticket.id);
    await placeOrder(h, buyer, ticket.id).expect(409);
  });

  it('when the ticket is sold, then 409 saying so', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    expect(await h.handlers['payment.created'](paymentEvent(order.id))).toBe('success');

    const res = await placeOrder(h, user(), ticket.id).expect(409);

    expect(res.body.errors).toEqual([{ message: 'Ticket is already sold', field: 'ticketId' }]);
  });

  it('when an order is refused, then no order is left behind for that buyer', async () => {
    const ticket = await listedTicket(h);
    await orderFor(h, user(), ticket.id);
    const loser = user();
    await placeOrder(h, loser, ticket.id).expect(409);

    const res = await request(h.app)
      .get('/api/orders')
      .set('Authorization', loser.auth)
      .expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });

  it('when the order cannot be written, then 500 and the ticket is free again', async () => {
    const ticket = await listedTicket(h);
    const spy = jest.spyOn(OrderModel, 'create').mockRejectedValueOnce(new Error('disk full'));
    try {
      await placeOrder(h, user(), ticket.id).expect(500);
    } finally {
      spy.mockRestore();
    }

    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
    await placeOrder(h, user(), ticket.id).expect(201);
  });
});

describe('POST /api/orders for a ticket just taken', () => {
  /** Every read and write of the orders database from here on. */
  function spyOnDatabase() {
    const spies = [
      jest.spyOn(mongoose.Query.prototype, 'exec'),
      jest.spyOn(OrderModel, 'create'),
      jest.spyOn(TicketReplicaModel, 'create'),
    ];
    return {
      calls: () => spies.reduce((n, s) => n + s.mock.calls.length, 0),
      restore: () => spies.forEach((s) => s.mockRestore()),
    };
  }

  it('when a buyer just won the ticket, then the next buyer gets 409 without a database call', async () => {
    const ticket = await listedTicket(h);
    const db = spyOnDatabase();
    try {
      await orderFor(h, user(), ticket.id);
      expect(db.calls()).toBeGreaterThan(0);
      const before = db.calls();

      const res = await placeOrder(h, user(), ticket.id).expect(409);

      expect(res.body.errors).toEqual([
        { message: 'Ticket is already reserved', field: 'ticketId' },
      ]);
      expect(db.calls()).toBe(before);
    } finally {
      db.restore();
    }
  });

  it('when the buyer cancels, then a new buyer can win at once', async () => {
    const ticket = await listedTicket(h);
    const first = user();
    const order = await orderFor(h, first, ticket.id);
    await placeOrder(h, user(), ticket.id).expect(409);

    await request(h.app)
      .delete(`/api/orders/${order.id}`)
      .set('Authorization', first.auth)
      .expect(200);

    const next = await orderFor(h, user(), ticket.id);
    expect((await replicaOf(ticket.id)).reservedBy).toBe(next.id);
  });

  it('when our own order.cancelled frees the ticket, then a new buyer can win at once', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    // Cancelled, and the process stopped before it freed the ticket.
    const cancelled = await transitionOrder(
      { id: order.id, status: 'created', version: 0 },
      // (The buyer's cancel: an expired one would also notify them, which needs a state store.)
      { status: 'cancelled', cancelReason: 'buyer', version: 1 },
      [],
    );
    expect(cancelled?.status).toBe('cancelled');
    await placeOrder(h, user(), ticket.id).expect(409);

    const event = { eventId: newId(), id: order.id, version: 1, ticketId: ticket.id };
    expect(await h.handlers['order.cancelled']({ ...event, reason: 'buyer' })).toBe('success');

    await placeOrder(h, user(), ticket.id).expect(201);
  });
});
