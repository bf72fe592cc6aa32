import request from 'supertest';
import { findOrder, OrderModel } from '../src/data/orders';
import {
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  placeOrder,
  replicaOf,
  user,
  useOrdersApp,
  type TestUser,
} from './harness';

const h = useOrdersApp();

const cancel = (who: TestUser, id: string) =>
  request(h.app).delete(`/api/orders/${id}`).set('Authorization', who.auth);

describe('DELETE /api/orders/:id', () => {
  it('when the buyer cancels their open order, then 200 with it cancelled and order.cancelled is published', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);

    const res = await cancel(buyer, order.id).expect(200);

    expect(res.body).toEqual({ ...order, status: 'cancelled', version: 1, cancelReason: 'buyer' });
    expect((await findOrder(order.id))?.cancelReason).toBe('buyer');
    const events = await h.eventsOf('order.cancelled', order.id);
    expect(events).toEqual([
      {
        eventId: expect.any(String),
        id: order.id,
        version: 1,
        ticketId: ticket.id,
        reason: 'buyer',
      },
    ]);
  });

  it('when an order is cancelled, then its ticket is free at once and another buyer can order it', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);
    await cancel(buyer, order.id).expect(200);

    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
    const next = await orderFor(h, user(), ticket.id);
    expect((await replicaOf(ticket.id)).reservedBy).toBe(next.id);
  });

  it('when the order is already cancelled, then 409 and nothing more is published', async () => {
    const buyer = user();
    const order = await orderFor(h, buyer, (await listedTicket(h)).id);
    await cancel(buyer, order.id).expect(200);

    const res = await cancel(buyer, order.id).expect(409);

    expect(res.body).toEqual({ errors: [{ message: 'Order is already cancelled' }] });
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(1);
  });

  it('when the order is complete, then 409 and it stays complete', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);
    expect(await h.handlers['payment.created'](paymentEvent(order.id))).toBe('success');

    const res = await cancel(buyer, order.id).expect(409);

    expect(res.body.errors[0].message).toMatch(/complete/);
    expect((await findOrder(order.id))?.status).toBe('complete');
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: order.id, soldTo: buyer.id });
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(0);
  });

  it('when someone else tries to cancel it, then 404 and it stays open', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    await cancel(user(), order.id).expect(404);
    expect((await findOrder(order.id))?.status).toBe('created');
  });

  it.each([
    ['unknown', newId()],
    ['malformed', 'x'],
  ])('when the id is %s, then 404', async (_case, id) => {
    await cancel(user(), id).expect(404);
  });

  it('when not signed in, then 401 and it stays open', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    await request(h.app).delete(`/api/orders/${order.id}`).expect(401);
    expect((await findOrder(order.id))?.status).toBe('created');
  });
});

describe('order.cancelled (our own, coming back)', () => {
  it('when the process stopped before freeing the ticket, then the event frees it', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);
    // The cancel was written, the release was not.
    await OrderModel.updateOne({ _id: order.id }, { $set: { status: 'cancelled', version: 1 } });
    const event = {
      eventId: newId(),
      id: order.id,
      version: 1,
      ticketId: ticket.id,
      reason: 'buyer' as const,
    };

    expect(await h.handlers['order.cancelled'](event)).toBe('success');
    expect(await h.handlers['order.cancelled'](event)).toBe('success');

    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
    await placeOrder(h, user(), ticket.id).expect(201);
  });

  it('when it arrives late, after the ticket was ordered again, then the new order keeps it', async () => {
    const first = user();
    const ticket = await listedTicket(h);
    const old = await orderFor(h, first, ticket.id);
    await cancel(first, old.id).expect(200);
    const next = await orderFor(h, user(), ticket.id);
    const [late] = await h.eventsOf('order.cancelled', old.id);

    expect(await h.handlers['order.cancelled'](late!)).toBe('success');

    expect((await replicaOf(ticket.id)).reservedBy).toBe(next.id);
  });

  it('when the order it names is not cancelled, then the ticket stays reserved', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    const event = {
      eventId: newId(),
      id: order.id,
      version: 1,
      ticketId: ticket.id,
      reason: 'buyer' as const,
    };

    expect(await h.handlers['order.cancelled'](event)).toBe('success');

    expect((await replicaOf(ticket.id)).reservedBy).toBe(order.id);
  });
});
