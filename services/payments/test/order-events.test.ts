import { findOrder } from '../src/data/orders';
import { GatewayUnavailable } from '../src/domain/payment-gateway';
import { sweepDueRefunds } from '../src/domain/refunds';
import {
  buyer,
  chargeOf,
  openOrder,
  orderCancelled,
  orderCompleted,
  orderCreated,
  usePaymentsApp,
} from './harness';
import { intentIdOf } from './stub-gateway';

const h = usePaymentsApp();
const visa = 'pm_card_visa';

async function paidOrder() {
  const { user, order } = await openOrder(h);
  await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);
  h.gateway.reset();
  return { user, order };
}

describe('order replica', () => {
  it('when order.created arrives, then the replica holds who pays, how much and until when', async () => {
    const user = buyer();
    const event = orderCreated(user.id);
    expect(await h.handlers.created(event)).toBe('success');
    expect(await findOrder(event.id)).toEqual({
      id: event.id,
      userId: user.id,
      ticketId: event.ticket.id,
      price: 2500,
      currency: 'usd',
      status: 'created',
      version: 0,
      expiresAt: new Date(event.expiresAt),
    });
  });

  it('when order.created is delivered twice, then the second is a no-op success', async () => {
    const event = orderCreated(buyer().id);
    expect(await h.handlers.created(event)).toBe('success');
    expect(
      await h.handlers.created({
        ...event,
        eventId: 'again',
        ticket: { ...event.ticket, price: 1 },
      }),
    ).toBe('success');
    expect((await findOrder(event.id))?.price).toBe(2500);
  });

  it('when order.created is delivered twice at once, then both succeed and one replica exists', async () => {
    const event = orderCreated(buyer().id);
    expect(await Promise.all([h.handlers.created(event), h.handlers.created(event)])).toEqual([
      'success',
      'success',
    ]);
    expect(await findOrder(event.id)).toBeDefined();
  });

  it('when order.cancelled arrives before order.created, then it asks for redelivery and applies later', async () => {
    const event = orderCreated(buyer().id);
    const cancelled = orderCancelled(event);
    expect(await h.handlers.cancelled(cancelled)).toBe('retry');
    expect(await findOrder(event.id)).toBeUndefined();

    expect(await h.handlers.created(event)).toBe('success');
    expect(await h.handlers.cancelled(cancelled)).toBe('success');
    expect(await findOrder(event.id)).toMatchObject({ status: 'cancelled', version: 1 });
  });

  it('when order.completed arrives before order.created, then it asks for redelivery and applies later', async () => {
    const event = orderCreated(buyer().id);
    const completed = orderCompleted(event);
    expect(await h.handlers.completed(completed)).toBe('retry');
    expect(await h.handlers.created(event)).toBe('success');
    expect(await h.handlers.completed(completed)).toBe('success');
    expect(await findOrder(event.id)).toMatchObject({ status: 'complete', version: 1 });
  });

  it('when an event skips a version, then it asks for redelivery and changes nothing', async () => {
    const { order } = await openOrder(h);
    expect(await h.handlers.cancelled(orderCancelled(order, 2))).toBe('retry');
    expect(await findOrder(order.id)).toMatchObject({ status: 'created', version: 0 });
  });

  it('when an old event arrives after a newer one, then it is a duplicate and changes nothing', async () => {
    const { order } = await openOrder(h);
    expect(await h.handlers.completed(orderCompleted(order, 1))).toBe('success');
    expect(await h.handlers.cancelled(orderCancelled(order, 1))).toBe('success');
    expect(await findOrder(order.id)).toMatchObject({ status: 'complete', version: 1 });
  });

  it('when the order completes, then the buyer can no longer pay it', async () => {
    const { user, order } = await openOrder(h);
    await h.handlers.completed(orderCompleted(order));
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(h.gateway.charges).toHaveLength(0);
  });
});

describe('refunds on order.cancelled', () => {
  it('when a paid order is cancelled, then the charge is refunded exactly once, however often the event comes', async () => {
    const { order } = await paidOrder();
    const event = orderCancelled(order);
    expect(await h.handlers.cancelled(event)).toBe('success');
    expect(await h.handlers.cancelled(event)).toBe('success');
    expect(await h.handlers.cancelled({ ...event, eventId: 'redelivered' })).toBe('success');

    expect(h.gateway.refunds).toEqual([{ intentId: intentIdOf(order.id, 1), orderId: order.id }]);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'succeeded',
      refundedAt: expect.any(Date),
    });
  });

  it('when the cancellation is delivered three times at once, then one refund', async () => {
    const { order } = await paidOrder();
    const event = orderCancelled(order);
    const results = await Promise.all([1, 2, 3].map(() => h.handlers.cancelled(event)));
    expect(results).toEqual(['success', 'success', 'success']);
    expect(h.gateway.refunds).toHaveLength(1);
  });

  it('when an unpaid order is cancelled, then nothing is refunded', async () => {
    const { order } = await openOrder(h);
    expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
    expect(h.gateway.refunds).toHaveLength(0);
  });

  it('when an order whose card was declined is cancelled, then nothing is refunded', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async () => ({ status: 'declined', message: 'Your card was declined.' });
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(402);
    expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
    expect(h.gateway.refunds).toHaveLength(0);
    expect(await chargeOf(order.id)).toMatchObject({ refundDueAt: null, refundedAt: null });
  });

  it('when a completed order is cancelled out of order, then nothing is refunded', async () => {
    const { order } = await paidOrder();
    await h.handlers.completed(orderCompleted(order, 1));
    expect(await h.handlers.cancelled(orderCancelled(order, 1))).toBe('success');
    expect(h.gateway.refunds).toHaveLength(0);
  });

  it('when Stripe fails the refund, then redelivery is asked for and the refund stays due until it works', async () => {
    const { order } = await paidOrder();
    h.gateway.onRefund = async () => {
      throw new GatewayUnavailable('down');
    };
    const event = orderCancelled(order);
    expect(await h.handlers.cancelled(event)).toBe('retry');
    expect(await chargeOf(order.id)).toMatchObject({
      refundDueAt: expect.any(Date),
      refundedAt: null,
      refundClaimedAt: null,
    });

    // Stripe is back: the sweeper finishes it, and a late redelivery does not refund again.
    h.gateway.onRefund = async () => {};
    await sweepDueRefunds(h.deps);
    expect(await chargeOf(order.id)).toMatchObject({ refundedAt: expect.any(Date) });
    expect(await h.handlers.cancelled(event)).toBe('success');
    expect(h.gateway.refunds).toHaveLength(2); // the failed call and the one that worked
  });

  it('when a refund claim was left by a dead process, then the sweeper takes it over after 60 s', async () => {
    const { order } = await paidOrder();
    // The first refund call never returns (its process died holding the claim).
    h.gateway.onRefund = () => new Promise(() => {});
    void h.handlers.cancelled(orderCancelled(order));
    await waitFor(() => h.gateway.refunds.length === 1);

    h.gateway.onRefund = async () => {};
    await sweepDueRefunds(h.deps);
    expect(h.gateway.refunds).toHaveLength(1);

    h.advanceClock(61_000);
    await sweepDueRefunds(h.deps);
    expect(h.gateway.refunds).toHaveLength(2);
    expect(await chargeOf(order.id)).toMatchObject({ refundedAt: expect.any(Date) });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
