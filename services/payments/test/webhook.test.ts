import Stripe from 'stripe';
import request from 'supertest';
import { WebhookEventModel } from '../src/data/webhook-events';
import {
  chargeOf,
  intentEvent,
  openOrder,
  orderCancelled,
  usePaymentsApp,
  WEBHOOK_SECRET,
} from './harness';

const h = usePaymentsApp();
const visa = 'pm_card_visa';

/** An order whose payment Stripe accepted but has not settled (the charge is `processing`). */
async function pendingOrder() {
  const { user, order } = await openOrder(h);
  h.gateway.onCharge = async () => ({ status: 'pending', intentId: `pi_pending_${order.id}` });
  await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(202);
  h.gateway.reset();
  return { user, order, intentId: `pi_pending_${order.id}` };
}

describe('POST /api/payments/webhook: signatures', () => {
  it('when the signature is valid, then 200 received (no session needed)', async () => {
    const res = await h.webhook(intentEvent('payment_intent.created', { id: 'pi_x' })).expect(200);
    expect(res.body).toEqual({ received: true, ignored: true });
  });

  it('when the Stripe-Signature header is missing, then 400 and nothing is recorded', async () => {
    const event = intentEvent('payment_intent.created', { id: 'pi_x' });
    const res = await h.webhook(event, { signature: null }).expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Missing Stripe-Signature header' }] });
    expect(await WebhookEventModel.exists({ _id: event.id })).toBeNull();
  });

  it.each([
    ['signed with another secret', { secret: 'whsec_someone_else' }],
    ['garbage', { signature: 'nonsense' }],
    ['a signature from five minutes ago', { signature: oldSignature() }],
  ])('when the signature is %s, then 400', async (_case, opts) => {
    const res = await h
      .webhook(intentEvent('payment_intent.created', { id: 'pi_x' }), opts)
      .expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid Stripe-Signature' }] });
  });

  it('when the body was changed after signing, then 400 and the charge is untouched', async () => {
    const { order, intentId } = await pendingOrder();
    const signed = JSON.stringify(
      intentEvent('payment_intent.payment_failed', { id: intentId, orderId: order.id, attempt: 1 }),
    );
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: signed,
      secret: WEBHOOK_SECRET,
    });
    const tampered = signed.replace('payment_intent.payment_failed', 'payment_intent.succeeded');
    await request(h.app)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', header)
      .send(tampered)
      .expect(400);
    expect(await chargeOf(order.id)).toMatchObject({ state: 'processing' });
  });

  it('when the same JSON is re-serialised with other spacing, then the signature no longer matches', async () => {
    // Proof that the raw bytes are verified, not a re-stringified body.
    const event = intentEvent('payment_intent.created', { id: 'pi_x' });
    const payload = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    await request(h.app)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', header)
      .send(payload)
      .expect(200);
    await request(h.app)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', header)
      .send(JSON.stringify(event))
      .expect(400);
  });
});

describe('POST /api/payments/webhook: payment_intent events', () => {
  it('when payment_intent.succeeded arrives for a processing charge, then it succeeds and payment.created goes out once', async () => {
    const { order, intentId } = await pendingOrder();
    const event = intentEvent('payment_intent.succeeded', {
      id: intentId,
      orderId: order.id,
      attempt: 1,
    });

    expect((await h.webhook(event).expect(200)).body).toEqual({ received: true });
    expect(await chargeOf(order.id)).toMatchObject({ state: 'succeeded', intentId });
    expect(await h.publishOutbox(order.id)).toEqual([
      expect.objectContaining({
        orderId: order.id,
        stripeId: intentId,
        amount: 2500,
        currency: 'usd',
      }),
    ]);
  });

  it.each([
    ['another amount', { amount: 1 }],
    ['another currency', { currency: 'eur' }],
  ])(
    'when payment_intent.succeeded reports %s than the charge, then the charge is not settled and nothing is published',
    async (_case, differs) => {
      const { order, intentId } = await pendingOrder();
      const event = intentEvent('payment_intent.succeeded', {
        id: intentId,
        orderId: order.id,
        attempt: 1,
        ...differs,
      });
      expect((await h.webhook(event).expect(200)).body).toEqual({
        received: true,
        ignored: true,
      });
      expect(await chargeOf(order.id)).toMatchObject({ state: 'processing' });
      expect(await h.publishOutbox(order.id)).toEqual([]);
    },
  );

  it('when the same event id is delivered twice, then it is processed once and the second says duplicate', async () => {
    const { order, intentId } = await pendingOrder();
    const event = intentEvent('payment_intent.succeeded', {
      id: intentId,
      orderId: order.id,
      attempt: 1,
    });
    await h.webhook(event).expect(200);
    const again = await h.webhook(event).expect(200);
    expect(again.body).toEqual({ received: true, duplicate: true });
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when the same event id is delivered three times at once, then payment.created still goes out once', async () => {
    const { order, intentId } = await pendingOrder();
    const event = intentEvent('payment_intent.succeeded', {
      id: intentId,
      orderId: order.id,
      attempt: 1,
    });
    const results = await Promise.all([1, 2, 3].map(() => h.webhook(event)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.duplicate)).toHaveLength(2);
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when two different events report the same success, then payment.created goes out once', async () => {
    const { user, order } = await openOrder(h);
    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);
    const event = intentEvent('payment_intent.succeeded', {
      id: res.body.intentId,
      orderId: order.id,
      attempt: 1,
    });
    expect((await h.webhook(event).expect(200)).body).toEqual({ received: true });
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when payment_intent.payment_failed arrives for a processing charge, then it is declined and payable again', async () => {
    const { user, order, intentId } = await pendingOrder();
    const event = intentEvent('payment_intent.payment_failed', {
      id: intentId,
      orderId: order.id,
      attempt: 1,
      message: 'Your card has insufficient funds.',
    });
    await h.webhook(event).expect(200);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'declined',
      declineMessage: 'Your card has insufficient funds.',
    });

    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);
    expect(h.gateway.charges.map((c) => c.key)).toEqual([`order_${order.id}_2`]);
  });

  it('when a failure of an earlier attempt arrives late, then the current attempt is not touched', async () => {
    const { user, order } = await openOrder(h);
    h.gateway.onCharge = async () => ({
      status: 'declined',
      message: 'Your card was declined.',
      intentId: 'pi_first',
    });
    await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_chargeDeclined' })
      .expect(402);
    h.gateway.onCharge = async () => ({ status: 'pending', intentId: 'pi_second' });
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(202);

    const late = intentEvent('payment_intent.payment_failed', {
      id: 'pi_first',
      orderId: order.id,
      attempt: 1,
    });
    await h.webhook(late).expect(200);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'processing',
      attempt: 2,
      intentId: 'pi_second',
    });
  });

  it('when payment_intent.succeeded arrives for an order cancelled meanwhile, then the charge is refunded', async () => {
    const { order, intentId } = await pendingOrder();
    expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
    expect(h.gateway.refunds).toHaveLength(0);

    await h
      .webhook(
        intentEvent('payment_intent.succeeded', { id: intentId, orderId: order.id, attempt: 1 }),
      )
      .expect(200);
    expect(h.gateway.refunds).toEqual([{ intentId, orderId: order.id }]);
    expect(await chargeOf(order.id)).toMatchObject({
      state: 'succeeded',
      refundedAt: expect.any(Date),
    });
  });

  it.each([
    [
      'an event type it does not handle',
      intentEvent('charge.refunded', { id: 'pi_x', orderId: 'o1', attempt: 1 }),
    ],
    ['an intent without our metadata', intentEvent('payment_intent.succeeded', { id: 'pi_other' })],
    [
      'an order it has no charge for',
      intentEvent('payment_intent.succeeded', { id: 'pi_x', orderId: 'unknown', attempt: 1 }),
    ],
  ])('when Stripe sends %s, then 200 ignored', async (_case, event) => {
    const res = await h.webhook(event).expect(200);
    expect(res.body).toEqual({ received: true, ignored: true });
  });
});

function oldSignature(): string {
  const payload = JSON.stringify(intentEvent('payment_intent.created', { id: 'pi_x' }));
  const timestamp = Math.floor(Date.now() / 1000) - 301;
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp });
}
