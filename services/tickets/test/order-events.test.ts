import { Events } from '@ticketing/contracts';
import request from 'supertest';
import { CancelledOrderModel } from '../src/data/ticket-model';
import { handleSafely } from '@ticketing/common';
import { onOrderCancelled } from '../src/events/order-cancelled';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTicket,
  logger,
  newUser,
  orderCancelled,
  orderCompleted,
  orderCreated,
  orderId,
  stored,
  useTicketsApp,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const written = h.kicks;
const deps = h.deps;
const created = onOrderCreated(deps);
const cancelled = onOrderCancelled(deps);
const completed = onOrderCompleted(deps);

const versionsOf = async (ticketId: string) =>
  (await h.eventsOf(ticketId)).map((e) => e.event.version);

describe('order.created', () => {
  it('when an order reserves a ticket on sale, then it is reserved by that order at the next version', async () => {
    const ticket = await createTicket(h, seller);
    const order = orderId();
    const before = written.length;

    expect(await created(orderCreated(ticket, order))).toBe('success');

    expect(await stored(ticket.id)).toMatchObject({
      status: 'reserved',
      orderId: order,
      version: 1,
    });
    expect(written.slice(before)).toEqual([ticket.id]);
    const events = await h.eventsOf(ticket.id);
    expect(events[1]).toEqual({
      topic: 'ticket.updated',
      event: expect.objectContaining({
        id: ticket.id,
        version: 1,
        status: 'reserved',
        orderId: order,
        holderId: null,
      }),
    });
  });

  it('when the same order.created arrives twice, then the ticket changes once', async () => {
    const ticket = await createTicket(h, seller);
    const event = orderCreated(ticket);
    expect(await created(event)).toBe('success');
    expect(await created(event)).toBe('success');
    expect(await created({ ...event, eventId: 'redelivered-with-new-id' })).toBe('success');

    expect((await stored(ticket.id))?.version).toBe(1);
    expect(await versionsOf(ticket.id)).toEqual([0, 1]);
  });

  it('when the same order.created is handled twice at once, then the ticket changes once', async () => {
    const ticket = await createTicket(h, seller);
    const event = orderCreated(ticket);
    expect(await Promise.all([created(event), created(event)])).toEqual(['success', 'success']);
    expect(await versionsOf(ticket.id)).toEqual([0, 1]);
  });

  it('when another order still holds the ticket, then retry and nothing changes', async () => {
    const ticket = await createTicket(h, seller);
    const first = orderId();
    await created(orderCreated(ticket, first));

    expect(await created(orderCreated(ticket))).toBe('retry');
    expect(await stored(ticket.id)).toMatchObject({ orderId: first, version: 1 });
  });

  it('when the earlier order is cancelled, then the redelivered order.created reserves it', async () => {
    const ticket = await createTicket(h, seller);
    const first = orderId();
    const second = orderId();
    await created(orderCreated(ticket, first));
    const late = orderCreated(ticket, second);
    expect(await created(late)).toBe('retry');

    expect(await cancelled(orderCancelled(ticket.id, first))).toBe('success');
    expect(await created(late)).toBe('success');
    expect(await stored(ticket.id)).toMatchObject({
      status: 'reserved',
      orderId: second,
      version: 3,
    });
    expect(await versionsOf(ticket.id)).toEqual([0, 1, 2, 3]);
  });

  it('when two orders for one ticket race, then exactly one reserves it', async () => {
    const ticket = await createTicket(h, seller);
    const orders = Array.from({ length: 5 }, () => orderId());
    const results = await Promise.all(orders.map((o) => created(orderCreated(ticket, o))));

    expect(results.filter((r) => r === 'success')).toHaveLength(1);
    expect(results.filter((r) => r === 'retry')).toHaveLength(4);
    const winner = orders[results.indexOf('success')];
    expect(await stored(ticket.id)).toMatchObject({ orderId: winner, version: 1 });
  });

  it('when the ticket does not exist or was deleted, then success without a change', async () => {
    const ticket = await createTicket(h, seller);
    await request(h.app)
      .delete(`/api/tickets/${ticket.id}`)
      .set('Authorization', seller.auth)
      .expect(204);

    expect(await created(orderCreated(ticket))).toBe('success');
    expect(await stored(ticket.id)).toMatchObject({
      status: 'available',
      orderId: null,
      version: 1,
    });
    expect(await created(orderCreated({ ...ticket, id: orderId() }))).toBe('success');
    expect(await created(orderCreated({ ...ticket, id: 'not-an-object-id' }))).toBe('success');
  });
});

describe('order.cancelled', () => {
  it('when the order holding the ticket is cancelled, then the ticket is on sale again at the next version', async () => {
    const ticket = await createTicket(h, seller);
    const order = orderId();
    await created(orderCreated(ticket, order));
    const before = written.length;

    expect(await cancelled(orderCancelled(ticket.id, order))).toBe('success');

    expect(written.slice(before)).toEqual([ticket.id]);
    expect(await stored(ticket.id)).toMatchObject({
      status: 'available',
      orderId: null,
      version: 2,
    });
    const events = await h.eventsOf(ticket.id);
    expect(events[2]?.event).toMatchObject({ version: 2, status: 'available', orderId: null });
  });

  it('when the same cancellation arrives twice, then the ticket changes once', async () => {
    const ticket = await createTicket(h, seller);
    const order = orderId();
    await created(orderCreated(ticket, order));
    const event = orderCancelled(ticket.id, order);
    expect(await cancelled(event)).toBe('success');
    expect(await cancelled(event)).toBe('success');
    expect(await versionsOf(ticket.id)).toEqual([0, 1, 2]);
  });

  it('when the cancelled order does not hold the ticket, then success and the holder keeps it', async () => {
    const ticket = await createTicket(h, seller);
    const holder = orderId();
    await created(orderCreated(ticket, holder));
    expect(await cancelled(orderCancelled(ticket.id, orderId()))).toBe('success');
    expect(await stored(ticket.id)).toMatchObject({
      status: 'reserved',
      orderId: holder,
      version: 1,
    });
  });

  it('when order.cancelled comes before its order.created, then the ticket stays on sale', async () => {
    const ticket = await createTicket(h, seller);
    const order = orderId();

    expect(await cancelled(orderCancelled(ticket.id, order))).toBe('success');
    expect(await created(orderCreated(ticket, order))).toBe('success');

    expect(await stored(ticket.id)).toMatchObject({
      status: 'available',
      orderId: null,
      version: 0,
    });
    expect(await versionsOf(ticket.id)).toEqual([0]);
    expect(await CancelledOrderModel.exists({ _id: order })).not.toBeNull();
  });

  it('when order.cancelled and order.created of one order race, then the ticket always ends on sale', async () => {
    for (let i = 0; i < 10; i++) {
      const ticket = await createTicket(h, seller);
      const order = orderId();
      const [a, b] = await Promise.all([
        created(orderCreated(ticket, order)),
        cancelled(orderCancelled(ticket.id, order)),
      ]);
      expect([a, b]).toEqual(['success', 'success']);
      expect(await stored(ticket.id)).toMatchObject({ status: 'available', orderId: null });
      const versions = await versionsOf(ticket.id);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, v) => v));
    }
    // Ten rounds of several store writes each: on a loaded CI machine this outlasts jest's 5 s,
    // and a timed-out test would go on draining the outbox beside the next one.
  }, 60_000);
});

describe('order.completed', () => {
  it('when the order holding the ticket completes, then the buyer holds it, sold, at the next version', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser('buyer');
    const order = orderId();
    await created(orderCreated(ticket, order, buyer));
    const before = written.length;

    expect(await completed(orderCompleted(ticket.id, order, buyer.id))).toBe('success');

    expect(written.slice(before)).toEqual([ticket.id]);
    expect(await stored(ticket.id)).toMatchObject({
      status: 'sold',
      orderId: order,
      holderId: buyer.id,
      version: 2,
    });
    // Publishing is at least once: pick the event by version, not by position.
    const events = await h.eventsOf(ticket.id);
    expect(events.find((e) => e.event.version === 2)?.event).toMatchObject({
      version: 2,
      status: 'sold',
      holderId: buyer.id,
      orderId: order,
    });
  });

  it('when the same order.completed arrives twice, then the ticket changes once', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser();
    const order = orderId();
    await created(orderCreated(ticket, order, buyer));
    const event = orderCompleted(ticket.id, order, buyer.id);
    expect(await completed(event)).toBe('success');
    expect(await completed(event)).toBe('success');
    // A late duplicate order.created for the sold order changes nothing either.
    expect(await created(orderCreated(ticket, order, buyer))).toBe('success');
    expect(await versionsOf(ticket.id)).toEqual([0, 1, 2]);
  });

  it('when order.completed comes before order.created, then retry until the reservation arrived', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser();
    const order = orderId();
    const done = orderCompleted(ticket.id, order, buyer.id);

    expect(await completed(done)).toBe('retry');
    expect(await stored(ticket.id)).toMatchObject({ status: 'available', version: 0 });

    await created(orderCreated(ticket, order, buyer));
    expect(await completed(done)).toBe('success');
    expect(await stored(ticket.id)).toMatchObject({
      status: 'sold',
      holderId: buyer.id,
      version: 2,
    });
  });

  it('when another order still holds the ticket, then retry', async () => {
    const ticket = await createTicket(h, seller);
    await created(orderCreated(ticket));
    expect(await completed(orderCompleted(ticket.id, orderId(), newUser().id))).toBe('retry');
  });

  it('when the ticket was sold to another order or does not exist, then drop: it can never apply', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser();
    const order = orderId();
    await created(orderCreated(ticket, order, buyer));
    await completed(orderCompleted(ticket.id, order, buyer.id));

    expect(await completed(orderCompleted(ticket.id, orderId(), newUser().id))).toBe('drop');
    expect(await completed(orderCompleted(orderId(), orderId(), buyer.id))).toBe('drop');
    expect(await stored(ticket.id)).toMatchObject({ holderId: buyer.id, version: 2 });
  });
});

describe('a ticket through its life', () => {
  it('when it is reserved, released, reserved again and sold, then each change is one event with the next version', async () => {
    const ticket = await createTicket(h, seller);
    const [first, second] = [orderId(), orderId()];
    const buyer = newUser();

    await created(orderCreated(ticket, first));
    await cancelled(orderCancelled(ticket.id, first));
    await created(orderCreated(ticket, second, buyer));
    await completed(orderCompleted(ticket.id, second, buyer.id));

    const events = await h.eventsOf(ticket.id);
    expect(events.map((e) => [e.topic, e.event.version, e.event.status])).toEqual([
      ['ticket.created', 0, 'available'],
      ['ticket.updated', 1, 'reserved'],
      ['ticket.updated', 2, 'available'],
      ['ticket.updated', 3, 'reserved'],
      ['ticket.updated', 4, 'sold'],
    ]);
    for (const { topic, event } of events)
      expect(Events[topic].safeParse(event).success).toBe(true);
    expect(new Set(events.map((e) => e.event.eventId)).size).toBe(events.length);
  });
});

describe('handler failures', () => {
  it('when a handler throws (the database away), then its subscription answers retry, not success', async () => {
    const ticket = await createTicket(h, seller);
    const failing = onOrderCreated({
      ...deps,
      outboxWritten: () => {
        throw new Error('database away');
      },
    });
    const result = await handleSafely('order.created', orderCreated(ticket), failing, logger);
    expect(result).toBe('retry');
  });
});
