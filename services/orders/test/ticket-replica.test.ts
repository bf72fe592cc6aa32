import { findOrder } from '../src/data/orders';
import { findTicket } from '../src/data/ticket-replica';
import {
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  placeOrder,
  replicaOf,
  ticketEvent,
  user,
  useOrdersApp,
} from './harness';

const h = useOrdersApp();

const updated = (ticketId: string, version: number, title: string) =>
  ticketEvent({ id: ticketId, version, title });
const deleted = (ticketId: string, version: number) => ({
  eventId: newId(),
  id: ticketId,
  version,
});

describe('ticket.created', () => {
  it('when a ticket is created, then the replica holds its description, on sale', async () => {
    const event = ticketEvent({ status: 'reserved', orderId: newId(), holderId: newId() });

    expect(await h.handlers['ticket.created'](event)).toBe('success');

    expect(await findTicket(event.id)).toEqual({
      id: event.id,
      title: event.title,
      price: event.price,
      currency: event.currency,
      startsAt: new Date(event.startsAt),
      sellerId: event.sellerId,
      version: 0,
      resales: 0,
      withdrawn: false,
      eventId: null,
      resale: false,
      deleted: false,
      offering: false,
      // Reservations are ours: tickets' status, orderId and holderId are not copied.
      reservedBy: null,
      reservedAt: null,
      reservedFor: null,
      soldTo: null,
    });
  });

  it('when it is delivered twice, then the second is acknowledged and changes nothing', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);

    expect(await h.handlers['ticket.created']({ ...ticket, title: 'Changed' })).toBe('success');

    expect(await replicaOf(ticket.id)).toMatchObject({ title: ticket.title, reservedBy: order.id });
  });
});

describe('ticket.updated', () => {
  it('when versions arrive out of order, then the later one waits until its predecessor applied', async () => {
    const ticket = await listedTicket(h);
    const v1 = updated(ticket.id, 1, 'Aida');
    const v2 = updated(ticket.id, 2, 'Tosca');

    expect(await h.handlers['ticket.updated'](v2)).toBe('retry');
    expect((await replicaOf(ticket.id)).version).toBe(0);
    expect(await h.handlers['ticket.updated'](v1)).toBe('success');
    expect(await replicaOf(ticket.id)).toMatchObject({ version: 1, title: 'Aida' });
    expect(await h.handlers['ticket.updated'](v2)).toBe('success');

    expect(await replicaOf(ticket.id)).toMatchObject({ version: 2, title: 'Tosca' });
  });

  it('when a version arrives again after a newer one, then it is ignored', async () => {
    const ticket = await listedTicket(h);
    const v1 = updated(ticket.id, 1, 'Aida');
    await h.handlers['ticket.updated'](v1);
    await h.handlers['ticket.updated'](updated(ticket.id, 2, 'Tosca'));

    expect(await h.handlers['ticket.updated'](v1)).toBe('success');
    expect(await h.handlers['ticket.updated']({ ...v1, eventId: newId() })).toBe('success');

    expect(await replicaOf(ticket.id)).toMatchObject({ version: 2, title: 'Tosca' });
  });

  it('when the ticket is not known yet, then it waits for ticket.created', async () => {
    const event = ticketEvent({ version: 1 });
    expect(await h.handlers['ticket.updated'](event)).toBe('retry');
    expect(await findTicket(event.id)).toBeUndefined();
  });

  it('when the price changes, then the next order takes the new price', async () => {
    const ticket = await listedTicket(h);
    await h.handlers['ticket.updated'](ticketEvent({ ...ticket, version: 1, price: 9900 }));
    const res = await placeOrder(h, user(), ticket.id).expect(201);
    expect(res.body.ticket.price).toBe(9900);
  });

  it('when tickets reports the ticket reserved by its own view, then our reservation is not touched', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    const follow = ticketEvent({ ...ticket, version: 1, status: 'available', orderId: null });

    expect(await h.handlers['ticket.updated'](follow)).toBe('success');

    expect((await replicaOf(ticket.id)).reservedBy).toBe(order.id);
  });
});

describe('ticket.deleted', () => {
  it('when a ticket on sale is deleted, then it can no longer be ordered', async () => {
    const ticket = await listedTicket(h);
    expect(await h.handlers['ticket.deleted'](deleted(ticket.id, 1))).toBe('success');
    expect((await replicaOf(ticket.id)).deleted).toBe(true);
    await placeOrder(h, user(), ticket.id).expect(404);
  });

  it('when it arrives before the version it follows, then it waits', async () => {
    const ticket = await listedTicket(h);
    expect(await h.handlers['ticket.deleted'](deleted(ticket.id, 2))).toBe('retry');
    expect((await replicaOf(ticket.id)).deleted).toBe(false);
  });

  it('when the ticket is reserved, then the order is cancelled once, with reason ticket-deleted', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    const event = deleted(ticket.id, 1);

    expect(await h.handlers['ticket.deleted'](event)).toBe('success');
    expect(await h.handlers['ticket.deleted'](event)).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'ticket-deleted',
    });
    const events = await h.eventsOf('order.cancelled', order.id);
    expect(events.map((e) => e.reason)).toEqual(['ticket-deleted']);
    expect(await replicaOf(ticket.id)).toMatchObject({ deleted: true, reservedBy: null });
  });

  it('when the ticket is sold, then the complete order stays complete', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    await h.handlers['payment.created'](paymentEvent(order.id));

    expect(await h.handlers['ticket.deleted'](deleted(ticket.id, 1))).toBe('success');

    expect((await findOrder(order.id))?.status).toBe('complete');
  });
});
