import { findOrder } from '../src/data/orders';
import {
  expirationEvent,
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
const WINDOW_MS = 15 * 60_000;

beforeEach(() => {
  h.paymentVerdict = 'closed';
  h.paymentChecks.length = 0;
});

describe('expiration.complete', () => {
  it('when an open order is due, then it is cancelled as expired and its ticket is on sale again', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    h.advanceClock(WINDOW_MS);

    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
      version: 1,
    });
    const events = await h.eventsOf('order.cancelled', order.id);
    expect(events).toEqual([
      {
        eventId: expect.any(String),
        id: order.id,
        version: 1,
        ticketId: ticket.id,
        reason: 'expired',
      },
    ]);
    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
    await placeOrder(h, user(), ticket.id).expect(201);
  });

  it('when it is delivered twice, then the order is cancelled once and one event is published', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(WINDOW_MS);
    const event = expirationEvent(order.id);

    expect(await h.handlers['expiration.complete'](event)).toBe('success');
    expect(await h.handlers['expiration.complete'](event)).toBe('success');
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');

    expect((await findOrder(order.id))?.version).toBe(1);
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(1);
  });

  it('when it fires before expiresAt, then it is redelivered and the order stays open', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(WINDOW_MS - 1000);

    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('retry');

    expect((await findOrder(order.id))?.status).toBe('created');
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(0);
  });

  it('when it fires within 50 ms of expiresAt, then the order counts as expired', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(WINDOW_MS - 50);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect((await findOrder(order.id))?.status).toBe('cancelled');
  });

  it('when it fires 51 ms early, then it is redelivered', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(WINDOW_MS - 51);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('retry');
  });

  it('when the order is complete, then nothing changes', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);
    await h.handlers['payment.created'](paymentEvent(order.id));
    h.advanceClock(WINDOW_MS);

    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({ status: 'complete', version: 1 });
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: order.id, soldTo: buyer.id });
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(0);
  });

  it('when the buyer cancelled already, then a late delivery changes nothing', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    await h.handlers['ticket.deleted']({ eventId: newId(), id: ticket.id, version: 1 });
    h.advanceClock(WINDOW_MS);

    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({ cancelReason: 'ticket-deleted', version: 1 });
  });

  it('when the order is unknown, then the event is acknowledged', async () => {
    expect(await h.handlers['expiration.complete'](expirationEvent(newId()))).toBe('success');
  });

  it('when it is due, then payments is asked to close the charge before the hold is released', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(WINDOW_MS - 1000);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('retry');
    // Not due: payments is not bothered (and no payment is closed early).
    expect(h.paymentChecks).toEqual([]);

    h.advanceClock(1000);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect(h.paymentChecks).toEqual([order.id]);
    expect((await findOrder(order.id))?.status).toBe('cancelled');
  });

  it('when payments says it was paid (its payment.created not applied yet), then the hold is kept and the late payment completes it', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);
    h.advanceClock(WINDOW_MS + 60_000);
    h.paymentVerdict = 'paid';

    // The reminder and the sweep alike, as often as they come.
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect((await findOrder(order.id))?.status).toBe('created');
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(0);

    await h.handlers['payment.created'](paymentEvent(order.id));
    expect(await findOrder(order.id)).toMatchObject({ status: 'complete', version: 1 });
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: order.id, soldTo: buyer.id });
  });

  it('when a charge is with Stripe at expiry, then the hold waits for it up to 5 s past expiresAt, then is released', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.paymentVerdict = 'in-flight';
    h.advanceClock(WINDOW_MS + 4_900);
    // Acknowledged, not redelivered: the reminder's next firing and the sweep ask again, and
    // the topic's other expiries are not held up behind this one.
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect((await findOrder(order.id))?.status).toBe('created');

    h.advanceClock(100);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
    });
  });

  it('when payments cannot be reached, then the hold waits up to 5 s past expiresAt, then is released', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.paymentVerdict = new Error('ERR_DIRECT_INVOKE');
    h.advanceClock(WINDOW_MS);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect((await findOrder(order.id))?.status).toBe('created');

    h.advanceClock(5_000);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    expect((await findOrder(order.id))?.status).toBe('cancelled');
  });
});
