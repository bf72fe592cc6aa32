import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { toolPath } from '@ticketing/toolchain';
import { freePort, waitForPort } from '@ticketing/testkit';
import { GatewayUnavailable, type PaymentGateway } from '../src/domain/payment-gateway';
import { StripeGateway } from '../src/stripe/stripe-gateway';
import { chargeOf, newId, openOrder, orderCancelled, usePaymentsApp } from './harness';

/** stripe-mock from STRIPE_MOCK_BIN, the toolchain, or the warm cache of this machine. */
function stripeMockBinary(): string | undefined {
  const candidates: (() => string | undefined)[] = [
    () => process.env.STRIPE_MOCK_BIN,
    () => toolPath('stripe-mock'),
    () => '/root/.cache/ticketing-tools/bin-warm/stripe-mock',
  ];
  for (const candidate of candidates) {
    try {
      const path = candidate();
      if (path && existsSync(path)) return path;
    } catch {
      // toolPath throws when setup has not fetched it; try the next place.
    }
  }
  return undefined;
}

const binary = stripeMockBinary();
if (!binary) {
  console.warn(
    'SKIPPED stripe-mock tests: no stripe-mock binary (run `npm run setup` or set STRIPE_MOCK_BIN)',
  );
}
const describeWithStripeMock = binary ? describe : describe.skip;

/** Stripe's error answers (as documented) for the payment methods stripe-mock cannot decline. */
function stripeErrorFor(paymentMethod: string | null) {
  if (paymentMethod === 'pm_card_chargeDeclined') {
    return {
      status: 402,
      error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        payment_intent: {
          id: 'pi_declined',
          object: 'payment_intent',
          status: 'requires_payment_method',
        },
      },
    };
  }
  if (paymentMethod === 'pm_missing') {
    return {
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'payment_method',
        message: "No such PaymentMethod: 'pm_missing'",
      },
    };
  }
  return undefined;
}

interface Seen {
  method: string;
  path: string;
  idempotencyKey?: string;
  body: URLSearchParams;
}

describeWithStripeMock('StripeGateway against stripe-mock', () => {
  let mock: ChildProcess;
  let proxy: http.Server;
  let gateway: StripeGateway;
  let proxyBase: string;
  const seen: Seen[] = [];
  // The app is built before stripe-mock is up, so it reaches the gateway through this.
  const lazy: PaymentGateway = {
    charge: (req) => gateway.charge(req),
    refund: (intentId, orderId) => gateway.refund(intentId, orderId),
  };
  const h = usePaymentsApp({ gateway: lazy });

  beforeAll(async () => {
    const mockPort = await freePort();
    mock = spawn(binary!, ['-http-port', String(mockPort)], { stdio: 'ignore' });
    await waitForPort(mockPort);
    // A recording proxy in front of stripe-mock shows what goes over the wire.
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const fake = stripeErrorFor(new URLSearchParams(body.toString()).get('payment_method'));
        if (fake) {
          res.writeHead(fake.status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: fake.error }));
          return;
        }
        seen.push({
          method: req.method ?? '',
          path: req.url ?? '',
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          body: new URLSearchParams(body.toString()),
        });
        const forward = http.request(
          {
            host: '127.0.0.1',
            port: mockPort,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            upstream.pipe(res);
          },
        );
        forward.end(body);
      });
    });
    const proxyPort = await freePort();
    await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));
    proxyBase = `http://127.0.0.1:${proxyPort}`;
    gateway = new StripeGateway({ apiBase: proxyBase, timeoutMs: 5000 });
  });

  afterAll(async () => {
    await new Promise((r) => proxy.close(r));
    mock.kill('SIGTERM');
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('when an order is charged, then one confirmed PaymentIntent is created under the order key', async () => {
    const orderId = newId();
    const result = await gateway.charge({
      orderId,
      attempt: 3,
      amount: 2500,
      currency: 'usd',
      paymentMethod: 'pm_card_visa',
    });

    expect(result).toEqual({ status: 'succeeded', intentId: expect.stringMatching(/^pi_/) });
    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: `order_${orderId}_3`,
    });
    expect(Object.fromEntries(call!.body)).toEqual({
      amount: '2500',
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      error_on_requires_action: 'true',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[orderId]': orderId,
      'metadata[attempt]': '3',
    });
  });

  it("when a Stripe test-mode decline card is used against stripe-mock, then it declines with test mode's message", async () => {
    const result = await gateway.charge({
      orderId: newId(),
      attempt: 1,
      amount: 2500,
      currency: 'usd',
      paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
    });
    expect(result).toEqual({
      status: 'declined',
      intentId: expect.stringMatching(/^pi_/),
      message: 'Your card has insufficient funds.',
    });
  });

  it('when a charge is refunded, then the refund names the intent under the refund key', async () => {
    const orderId = newId();
    await expect(gateway.refund('pi_123', orderId)).resolves.toBeUndefined();
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/refunds',
        idempotencyKey: `refund_${orderId}`,
      }),
    ]);
    expect(seen[0]?.body.get('payment_intent')).toBe('pi_123');
  });

  it('when a buyer pays through the app, then 201 with the Stripe intent id', async () => {
    const { user, order } = await openOrder(h);
    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_visa' })
      .expect(201);
    expect(res.body).toMatchObject({
      orderId: order.id,
      intentId: expect.stringMatching(/^pi_/),
      state: 'succeeded',
    });
  });

  it('when the paid order is cancelled, then the refund goes through stripe-mock', async () => {
    const { user, order } = await openOrder(h);
    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_visa' })
      .expect(201);
    expect(await h.handlers.cancelled(orderCancelled(order))).toBe('success');
    expect(
      seen.filter((s) => s.path === '/v1/refunds').map((s) => s.body.get('payment_intent')),
    ).toEqual([res.body.intentId]);
    expect(await chargeOf(order.id)).toMatchObject({ refundedAt: expect.any(Date) });
  });

  it("when Stripe declines the card, then the gateway reports a decline with Stripe's message", async () => {
    const result = await gateway.charge({
      orderId: newId(),
      attempt: 1,
      amount: 2500,
      currency: 'usd',
      paymentMethod: 'pm_card_chargeDeclined',
    });
    expect(result).toEqual({
      status: 'declined',
      message: 'Your card was declined.',
      intentId: 'pi_declined',
    });
  });

  it('when the payment method does not exist, then that is a decline too (another card may work)', async () => {
    const result = await gateway.charge({
      orderId: newId(),
      attempt: 1,
      amount: 2500,
      currency: 'usd',
      paymentMethod: 'pm_missing',
    });
    expect(result).toEqual({
      status: 'declined',
      message: "No such PaymentMethod: 'pm_missing'",
      intentId: undefined,
    });
  });

  it('when a declined card is paid through the app, then 402 with the message', async () => {
    const { user, order } = await openOrder(h);
    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_chargeDeclined' })
      .expect(402);
    expect(res.body).toEqual({ errors: [{ message: 'Your card was declined.' }] });
  });

  it('when Stripe cannot be reached, then the gateway says unavailable and the app answers 502', async () => {
    const closed = new StripeGateway({
      apiBase: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 2000,
    });
    await expect(
      closed.charge({
        orderId: newId(),
        attempt: 1,
        amount: 100,
        currency: 'usd',
        paymentMethod: 'pm_card_visa',
      }),
    ).rejects.toBeInstanceOf(GatewayUnavailable);

    const saved = gateway;
    gateway = closed;
    try {
      const { user, order } = await openOrder(h);
      const res = await h
        .pay(user.token, { orderId: order.id, paymentMethod: 'pm_card_visa' })
        .expect(502);
      expect(res.body).toEqual({ errors: [{ message: 'Payment provider unavailable' }] });
    } finally {
      gateway = saved;
    }
  }, 20_000);
});
