import { GatewayUnavailable, type ChargeResult } from '../src/domain/payment-gateway';
import { ChargeModel } from '../src/data/charges';
import {
  buyer,
  chargeOf,
  openOrder,
  orderCancelled,
  orderCompleted,
  declineFirstPayment,
  payHeldAtStripe,
  usePaymentsApp,
  waitFor,
} from './harness';
import { gate, intentIdOf, succeed } from './stub-gateway';

const h = usePaymentsApp();
const visa = 'pm_card_visa';

describe('POST /api/payments', () => {
  it('when the buyer pays their open order, then 201 with the payment and one payment.created', async () => {
    const { user, order } = await openOrder(h);
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);

    const intentId = intentIdOf(order.id, 1);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      orderId: order.id,
      intentId,
      amount: 2500,
      currency: 'usd',
      state: 'succeeded',
    });
    expect(h.gateway.charges).toEqual([
      {
        orderId: order.id,
        attempt: 1,
        amount: 2500,
        currency: 'usd',
        paymentMethod: visa,
        key: `order_${order.id}_1`,
      },
    ]);
    // The relay is asked to drain this order's charge, by its id.
    expect(h.kicks).toEqual([order.id]);
    expect(await h.publishOutbox(order.id)).toEqual([
      {
        eventId: expect.any(String),
        id: res.body.id,
        orderId: order.id,
        stripeId: intentId,
        amount: 2500,
        currency: 'usd',
      },
    ]);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'succeeded',
      intentId,
      attempt: 1,
      userId: user.id,
    });
    // The relay pulled the entry: a second run publishes nothing new.
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when no one is signed in, then 401 and nothing is charged', async () => {
    const { order } = await openOrder(h);
    const res = await h.pay(undefined, { orderId: order.id, paymentMethod: visa }).expect(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(h.gateway.charges).toHaveLength(0);
  });

  it.each([
    ['orderId is missing', { paymentMethod: visa }, 'orderId'],
    ['orderId is empty', { orderId: '', paymentMethod: visa }, 'orderId'],
    ['orderId is a number', { orderId: 42, paymentMethod: visa }, 'orderId'],
    ['paymentMethod is missing', { orderId: 'x' }, 'paymentMethod'],
    ['paymentMethod is empty', { orderId: 'x', paymentMethod: '' }, 'paymentMethod'],
    [
      'paymentMethod is 256 characters',
      { orderId: 'x', paymentMethod: 'p'.repeat(256) },
      'paymentMethod',
    ],
    [
      'paymentMethod is an object',
      { orderId: 'x', paymentMethod: { card: '4242' } },
      'paymentMethod',
    ],
    ['an unknown field is sent', { orderId: 'x', paymentMethod: visa, amount: 1 }, 'amount'],
  ])('when %s, then 400 naming the field', async (_case, body, field) => {
    const res = await h.pay(buyer().token, body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
    expect(h.gateway.charges).toHaveLength(0);
  });

  it('when there is no body, then 400 naming both fields', async () => {
    const res = await h.pay(buyer().token, undefined).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'orderId',
      'paymentMethod',
    ]);
  });

  it('when paymentMethod is 255 characters, then it is accepted and passed to the gateway', async () => {
    const { user, order } = await openOrder(h);
    await h.pay(user.token, { orderId: order.id, paymentMethod: 'p'.repeat(255) }).expect(201);
    expect(h.gateway.charges[0]?.paymentMethod).toBe('p'.repeat(255));
  });

  it.each([
    ['an unknown ObjectId', '64b7f0c2a1b2c3d4e5f60718'],
    ['not an ObjectId at all', 'not-an-id'],
    ['a query-looking string', '{"$ne":null}'],
  ])('when the order is %s, then 404', async (_case, orderId) => {
    const res = await h.pay(buyer().token, { orderId, paymentMethod: visa }).expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
    expect(h.gateway.charges).toHaveLength(0);
  });

  it("when the order is someone else's, then 404 as if it did not exist, and nothing is charged", async () => {
    const { order } = await openOrder(h);
    const res = await h.pay(buyer().token, { orderId: order.id, paymentMethod: visa }).expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
    expect(h.gateway.charges).toHaveLength(0);
  });

  it('when the order was cancelled, then 409', async () => {
    const { user, order } = await openOrder(h);
    expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order is cancelled' }] });
    expect(h.gateway.charges).toHaveLength(0);
  });

  it('when the order is complete, then 409', async () => {
    const { user, order } = await openOrder(h);
    expect(await h.handlers.completed(orderCompleted(order))).toBe('success');
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order is already paid' }] });
  });

  it('when the order expired (even if not cancelled yet), then 409', async () => {
    const { user, order } = await openOrder(h, {
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    h.advanceClock(60_001);
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order has expired' }] });
    expect(h.gateway.charges).toHaveLength(0);
  });

  it('when the order is already paid, then 409 and no second charge', async () => {
    const { user, order } = await openOrder(h);
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);
    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_mastercard' })
      .expect(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order is already paid' }] });
    expect(h.gateway.charges).toHaveLength(1);
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when a payment for the order is in progress, then 409', async () => {
    const { user, order } = await openOrder(h);
    const first = await payHeldAtStripe(h, user.token, order.id);

    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({
      errors: [{ message: 'A payment for this order is already in progress' }],
    });
    first.release();
    expect((await first.paying).status).toBe(201);
    expect(h.gateway.charges).toHaveLength(1);
  });

  it('when the same payment is sent twice at once, then the card is charged exactly once', async () => {
    const { user, order } = await openOrder(h);
    // Stripe takes a moment, so both requests are in flight together.
    h.gateway.onCharge = async (req) => {
      await sleep(50);
      return succeed(req);
    };
    const body = { orderId: order.id, paymentMethod: visa };
    const results = await Promise.all([h.pay(user.token, body), h.pay(user.token, body)]);

    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(h.gateway.charges).toHaveLength(1);
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when ten payments of one order race, then exactly one charge and one 201', async () => {
    const { user, order } = await openOrder(h);
    const body = { orderId: order.id, paymentMethod: visa };
    const results = await Promise.all(Array.from({ length: 10 }, () => h.pay(user.token, body)));

    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(h.gateway.charges).toHaveLength(1);
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it("when the card is declined, then 402 with Stripe's message and the order stays payable with a new key", async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async () => ({
      status: 'declined',
      message: 'Your card was declined.',
      intentId: 'pi_declined',
    });
    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_chargeDeclined' })
      .expect(402);
    expect(res.body).toEqual({ errors: [{ message: 'Your card was declined.' }] });
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'declined',
      attempt: 1,
      declineMessage: 'Your card was declined.',
    });
    expect(await h.publishOutbox(order.id)).toHaveLength(0);

    h.gateway.reset();
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);
    expect(h.gateway.charges).toEqual([
      expect.objectContaining({ attempt: 2, key: `order_${order.id}_2`, paymentMethod: visa }),
    ]);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'succeeded',
      attempt: 2,
      declineMessage: null,
    });
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when two retries after a decline race, then only one new attempt is charged', async () => {
    const { user, order } = await openOrder(h);
    await declineFirstPayment(h, user.token, order.id);

    const body = { orderId: order.id, paymentMethod: visa };
    const results = await Promise.all(Array.from({ length: 5 }, () => h.pay(user.token, body)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(h.gateway.charges.map((c) => c.key)).toEqual([`order_${order.id}_2`]);
  });

  it('when Stripe is unreachable, then 502 and a retry repeats the same attempt with the same key and card', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async () => {
      throw new GatewayUnavailable('connection refused');
    };
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(502);
    expect(res.body).toEqual({ errors: [{ message: 'Payment provider unavailable' }] });
    expect(await chargeOf(order.id)).toMatchObject({ state: 'failed', attempt: 1 });

    // Stripe may have charged before the connection broke: only the same key is safe to reuse.
    h.gateway.reset();
    const retry = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_mastercard' })
      .expect(201);
    expect(h.gateway.charges).toEqual([
      expect.objectContaining({ key: `order_${order.id}_1`, paymentMethod: visa }),
    ]);
    expect(retry.body.intentId).toBe(intentIdOf(order.id, 1));
  });

  it('when the gateway fails with a bug, then 500 and the charge is released for a retry', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async () => {
      throw new TypeError('boom');
    };
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(500);
    expect(res.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
    expect(await chargeOf(order.id)).toMatchObject({ state: 'failed' });
  });

  it('when a process died mid-charge, then after 60 s a retry takes over with the same key and card', async () => {
    const { user, order } = await openOrder(h);
    // The first request reaches "Stripe" and never comes back (its process died).
    const lost = gate<ChargeResult>();
    h.gateway.onCharge = () => lost.promise;
    const dead = h.pay(user.token, { orderId: order.id, paymentMethod: visa }).then((r) => r);
    await waitFor(() => h.gateway.charges.length === 1);

    h.advanceClock(59_000);
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);

    h.advanceClock(2_000);
    h.gateway.onCharge = succeed;
    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_mastercard' })
      .expect(201);
    expect(h.gateway.charges.map((c) => [c.key, c.paymentMethod])).toEqual([
      [`order_${order.id}_1`, visa],
      [`order_${order.id}_1`, visa],
    ]);
    expect(res.body.intentId).toBe(intentIdOf(order.id, 1));
    expect(await chargeOf(order.id)).toMatchObject({ state: 'succeeded', attempt: 1 });
    expect(await h.publishOutbox(order.id)).toHaveLength(1);

    // Had the first call come back after all, Stripe's answer for the same key is the same intent.
    lost.open({ status: 'succeeded', intentId: intentIdOf(order.id, 1) });
    expect((await dead).status).toBe(201);
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when Stripe settles later, then 202 processing and the charge waits for the webhook', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async () => ({ status: 'pending', intentId: 'pi_pending' });
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(202);
    expect(res.body).toMatchObject({
      orderId: order.id,
      intentId: 'pi_pending',
      state: 'processing',
    });
    expect(await chargeOf(order.id)).toMatchObject({ state: 'processing', intentId: 'pi_pending' });
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(await h.publishOutbox(order.id)).toHaveLength(0);
  });

  it('when the order is cancelled while Stripe charges, then the charge is refunded and 409 says so', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async (req) => {
      // The expiry lands while the card is being charged.
      expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
      return succeed(req);
    };
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({
      errors: [{ message: 'Order was cancelled; the charge was refunded' }],
    });
    expect(h.gateway.refunds).toEqual([{ intentId: intentIdOf(order.id, 1), orderId: order.id }]);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'succeeded',
      refundedAt: expect.any(Date),
    });
    // The charge is still a fact; orders ignores payment.created for a cancelled order.
    expect(await h.publishOutbox(order.id)).toHaveLength(1);

    // The cancellation delivered again does not refund twice.
    expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
    expect(h.gateway.refunds).toHaveLength(1);
  });

  it('when that refund fails, then 409 says it will be refunded and the refund stays due', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async (req) => {
      await h.handlers.cancelled(orderCancelled(order));
      return succeed(req);
    };
    h.gateway.onRefund = async () => {
      throw new GatewayUnavailable('down');
    };
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({
      errors: [{ message: 'Order was cancelled; the charge will be refunded' }],
    });
    expect(await chargeOf(order.id)).toMatchObject({
      refundDueAt: expect.any(Date),
      refundedAt: null,
      refundClaimedAt: null,
    });
  });

  it('when the charge document is read back, then it has the documented shape', async () => {
    const { user, order } = await openOrder(h);
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);
    const doc = await ChargeModel.findById(order.id).lean();
    expect(doc).toMatchObject({
      _id: order.id,
      state: 'succeeded',
      attempt: 1,
      intentId: intentIdOf(order.id, 1),
      amount: 2500,
      currency: 'usd',
      userId: user.id,
      paymentMethod: visa,
      refundedAt: null,
      updatedAt: expect.any(Date),
      outbox: [expect.objectContaining({ topic: 'payment.created' })],
    });
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
