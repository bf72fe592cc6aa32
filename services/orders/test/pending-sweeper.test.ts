import { findOrder, insertPendingOrder } from '../src/data/orders';
import { reserveTicket } from '../src/data/tickets';
import { sweepPendingOrders } from '../src/domain/sweep-pending-orders';
import {
  listedTicket,
  newId,
  placeOrder,
  replicaOf,
  user,
  useOrdersApp,
  type Harness,
} from './harness';

const h = useOrdersApp();

/** An order left as POST /api/orders leaves it when the process stops after its first write. */
async function strandedOrder(h: Harness, opts: { reserved: boolean }) {
  const buyer = user();
  const ticket = await listedTicket(h);
  const order = await insertPendingOrder({
    userId: buyer.id,
    ticket: {
      id: ticket.id,
      title: ticket.title,
      price: ticket.price,
      currency: ticket.currency,
      sellerId: ticket.sellerId,
    },
    expiresAt: new Date(h.now().getTime() + 15 * 60_000),
    createdAt: h.now(),
  });
  if (opts.reserved) expect(await reserveTicket(ticket.id, order.id, h.now())).toBe(true);
  return { buyer, ticket, order };
}

describe('the pending sweeper', () => {
  it('when a pending order holds its ticket for over 10 s, then it is promoted and announced', async () => {
    const { ticket, order } = await strandedOrder(h, { reserved: true });
    h.advanceClock(10_001);

    await sweepPendingOrders(h.ctx);

    expect((await findOrder(order.id))?.status).toBe('created');
    const events = await h.eventsOf('order.created', order.id);
    expect(events).toHaveLength(1);
    expect((await replicaOf(ticket.id)).reservedBy).toBe(order.id);
  });

  it('when a pending order never got its ticket, then after 10 s it is deleted', async () => {
    const { ticket, order } = await strandedOrder(h, { reserved: false });
    h.advanceClock(10_001);

    await sweepPendingOrders(h.ctx);

    expect(await findOrder(order.id)).toBeUndefined();
    expect(await h.eventsOf('order.created', order.id)).toHaveLength(0);
    await placeOrder(h, user(), ticket.id).expect(201);
  });

  it('when a pending order is younger than 10 s, then it is left alone', async () => {
    const { order } = await strandedOrder(h, { reserved: false });
    h.advanceClock(9_000);

    await sweepPendingOrders(h.ctx);

    expect((await findOrder(order.id))?.status).toBe('pending');
  });

  it('when it runs twice, then a promoted order is announced once', async () => {
    const { order } = await strandedOrder(h, { reserved: true });
    h.advanceClock(10_001);

    await Promise.all([sweepPendingOrders(h.ctx), sweepPendingOrders(h.ctx)]);

    expect(await h.eventsOf('order.created', order.id)).toHaveLength(1);
  });

  it('when the ticket of a pending order is deleted, then the deletion waits and then cancels the promoted order', async () => {
    const { ticket, order } = await strandedOrder(h, { reserved: true });
    const deletion = { eventId: newId(), id: ticket.id, version: 1 };

    expect(await h.handlers['ticket.deleted'](deletion)).toBe('retry');
    h.advanceClock(10_001);
    await sweepPendingOrders(h.ctx);
    expect(await h.handlers['ticket.deleted'](deletion)).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'ticket-deleted',
    });
  });

  it('when an expiry or a payment comes for a pending order, then it is redelivered later', async () => {
    const { order } = await strandedOrder(h, { reserved: true });
    h.advanceClock(15 * 60_000);
    expect(await h.handlers['expiration.complete']({ eventId: newId(), orderId: order.id })).toBe(
      'retry',
    );
    expect(
      await h.handlers['payment.created']({
        eventId: newId(),
        id: newId(),
        orderId: order.id,
        stripeId: 'pi',
        amount: 1,
        currency: 'usd',
      }),
    ).toBe('retry');
  });
});
