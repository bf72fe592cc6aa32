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

describe('payment.created', () => {
  it('when an open order is paid, then it is complete, the buyer holds the ticket and order.completed is published', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    const order = await orderFor(h, buyer, ticket.id);
    const payment = paymentEvent(order.id);

    expect(await h.handlers['payment.created'](payment)).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({
      status: 'complete',
      version: 1,
      paymentId: payment.id,
    });
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: order.id, soldTo: buyer.id });
    const events = await h.eventsOf('order.completed', order.id);
    expect(events).toEqual([
      {
        eventId: expect.any(String),
        id: order.id,
        version: 1,
        userId: buyer.id,
        ticketId: ticket.id,
        paymentId: payment.id,
      },
    ]);
  });

  it.each([
    ['another amount', { amount: 1 }],
    ['another currency', { currency: 'usd' }],
  ])(
    'when the payment is for %s than the price, then the order stays open and nothing is published',
    async (_case, differs) => {
      const ticket = await listedTicket(h);
      const order = await orderFor(h, user(), ticket.id);

      const payment = { ...paymentEvent(order.id), ...differs };
      expect(await h.handlers['payment.created'](payment)).toBe('success');

      const after = await findOrder(order.id);
      expect(after?.status).not.toBe('complete');
      expect(after?.paymentId ?? null).toBeNull();
      expect(await h.eventsOf('order.completed', order.id)).toHaveLength(0);
      expect((await replicaOf(ticket.id))?.soldTo ?? null).toBeNull();
    },
  );

  it('when it is delivered twice, then the order is completed once', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    const payment = paymentEvent(order.id);

    expect(await h.handlers['payment.created'](payment)).toBe('success');
    expect(await h.handlers['payment.created'](payment)).toBe('success');

    expect((await findOrder(order.id))?.version).toBe(1);
    expect(await h.eventsOf('order.completed', order.id)).toHaveLength(1);
  });

  it('when the order was cancelled first, then it stays cancelled and nothing is published', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    h.advanceClock(15 * 60_000);
    await h.handlers['expiration.complete'](expirationEvent(order.id));
    const next = await orderFor(h, user(), ticket.id);

    expect(await h.handlers['payment.created'](paymentEvent(order.id))).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      paymentId: null,
      version: 1,
    });
    expect(await h.eventsOf('order.completed', order.id)).toHaveLength(0);
    // The ticket belongs to the next buyer's order, untouched.
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: next.id, soldTo: null });
  });

  it('when the order is not known yet, then the payment is redelivered later', async () => {
    expect(await h.handlers['payment.created'](paymentEvent(newId()))).toBe('retry');
  });

  it('when the ticket is sold, then no one else can order it', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    await h.handlers['payment.created'](paymentEvent(order.id));
    await placeOrder(h, user(), ticket.id).expect(409);
  });
});
