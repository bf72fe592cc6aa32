import { DaprStateStore, noRateLimit, OutboxRelay, signToken } from '@ticketing/common';
import type { EventOf } from '@ticketing/contracts';
import {
  checkContracts,
  newId,
  RecordingPublisher,
  startStateSidecar,
  TEST_JWT_SECRET,
  testClock,
  testServiceDeps,
  useTestDatabase,
  type ContractCheckedApp,
  type StateSidecar,
} from '@ticketing/testkit';
import Stripe from 'stripe';
import request from 'supertest';
import { buildApp } from '../src/app';
import { loadPaymentsConfig } from '../src/config';
import { ChargeModel, findCharge } from '../src/data/charges';
import { ensureIndexes } from '../src/data/indexes';
import { paymentLimitsIn } from '../src/data/limit-counts';
import type { PaymentsDeps } from '../src/domain/deps';
import type { PaymentGateway } from '../src/domain/payment-gateway';
import type { PaymentLimits } from '../src/domain/payment-limits';
import { orderEventHandlers } from '../src/events/order-events';
import { StripeWebhookVerifier } from '../src/stripe/webhook-verifier';
import { gate, StubGateway, succeed } from './stub-gateway';

export { newId, RecordingPublisher };
export const WEBHOOK_SECRET = 'whsec_test_payments_secret';

export interface Harness {
  /** The real app; every answer of a public route is checked against its contract. */
  app: ContractCheckedApp;
  gateway: StubGateway;
  publisher: RecordingPublisher;
  /** The orders whose charge the domain asked the relay to publish, since the test began. */
  kicks: string[];
  deps: PaymentsDeps;
  handlers: ReturnType<typeof orderEventHandlers>;
  /** Moves the domain's clock forward (stale claims, expiry). */
  advanceClock(ms: number): void;
  /** Runs the outbox relay and returns the `payment.created` events published for the order so far. */
  publishOutbox(orderId: string): Promise<EventOf<'payment.created'>[]>;
  pay(token: string | undefined, body: unknown): request.Test;
  webhook(event: object, opts?: { secret?: string; signature?: string | null }): request.Test;
}

/**
 * The real app on a database of this file's own, with the stub gateway (or one given). With
 * `limits` (payments' env), the rate limits and the decline throttle count in a real daprd's
 * `appstate` store; without, they are off.
 */
export function usePaymentsApp(
  opts: { gateway?: PaymentGateway; limits?: Record<string, string> } = {},
): Harness {
  const h = {} as Harness;
  useTestDatabase('payments');
  let sidecar: StateSidecar | undefined;
  afterAll(async () => {
    await sidecar?.stop();
  });

  beforeAll(async () => {
    await ensureIndexes();
    if (opts.limits) sidecar = await startStateSidecar('payments');
    // Tests publish explicitly (publishOutbox) so they can count what went out.
    const { deps, clock, kicks } = testServiceDeps('payments', testClock('real-time'));
    const logger = deps.logger;
    h.gateway = new StubGateway();
    h.publisher = new RecordingPublisher();
    h.kicks = kicks;
    h.deps = {
      ...deps,
      gateway: opts.gateway ?? h.gateway,
      limits: sidecar ? limitsIn(sidecar, opts.limits ?? {}) : NO_LIMITS,
    };
    h.advanceClock = clock.advance;
    h.handlers = orderEventHandlers(h.deps);
    h.app = checkContracts(
      buildApp({
        config: { JWT_SECRET: TEST_JWT_SECRET },
        logger,
        payments: h.deps,
        webhooks: new StripeWebhookVerifier(WEBHOOK_SECRET),
      }),
    );
    h.publishOutbox = async (orderId) => {
      // A fresh relay's first drain sweeps the collection: everything pending goes out.
      await new OutboxRelay({ model: ChargeModel, publisher: h.publisher, logger }).drain();
      return h.publisher.of('payment.created').filter((e) => e.orderId === orderId);
    };
    h.pay = (token, body) => {
      const req = request(h.app).post('/api/payments');
      if (token) req.set('Authorization', `Bearer ${token}`);
      return req.send(body as object);
    };
    h.webhook = (event, { secret = WEBHOOK_SECRET, signature } = {}) => {
      const payload = JSON.stringify(event);
      const req = request(h.app)
        .post('/api/payments/webhook')
        .set('Content-Type', 'application/json');
      const header =
        signature === undefined
          ? Stripe.webhooks.generateTestHeaderString({ payload, secret })
          : signature;
      if (header !== null) req.set('Stripe-Signature', header);
      return req.send(payload);
    };
  });

  beforeEach(() => {
    h.gateway.reset();
    h.publisher.published.length = 0;
    h.kicks.length = 0;
  });

  return h;
}

const NO_LIMITS: PaymentLimits = {
  perUser: noRateLimit,
  perClient: noRateLimit,
  declinesPerOrder: noRateLimit,
  declinesPerUser: noRateLimit,
};

/** The limits as payments configures them from `env`, counted through the sidecar. */
function limitsIn(sidecar: StateSidecar, env: Record<string, string>): PaymentLimits {
  const config = loadPaymentsConfig({
    APP_PORT: '3000',
    MONGO_URL: 'mongodb://unused',
    JWT_SECRET: TEST_JWT_SECRET,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: 'http://127.0.0.1:1',
    ...env,
  });
  const store = new DaprStateStore({
    storeName: 'appstate',
    daprHttpPort: Number(new URL(sidecar.url).port),
    daprApiToken: sidecar.token,
  });
  return paymentLimitsIn(store, config);
}

export function buyer(id = newId()) {
  return { id, token: signToken({ id, email: `${id}@example.com` }, TEST_JWT_SECRET, 3600) };
}

let eventSeq = 0;
const eventId = () => `evt-${process.pid}-${++eventSeq}`;

export function orderCreated(
  userId: string,
  over: Partial<EventOf<'order.created'>> = {},
): EventOf<'order.created'> {
  return {
    eventId: eventId(),
    version: 0,
    id: newId(),
    userId,
    status: 'created',
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: newId(), price: 2500, currency: 'usd', title: 'Tosca', sellerId: newId() },
    ...over,
  };
}

export function orderCancelled(
  order: { id: string; ticket: { id: string } },
  version = 1,
): EventOf<'order.cancelled'> {
  return {
    eventId: eventId(),
    version,
    id: order.id,
    ticketId: order.ticket.id,
    reason: 'expired',
  };
}

export function orderCompleted(
  order: { id: string; userId: string; ticket: { id: string } },
  version = 1,
): EventOf<'order.completed'> {
  return {
    eventId: eventId(),
    version,
    id: order.id,
    userId: order.userId,
    ticketId: order.ticket.id,
    paymentId: newId(),
  };
}

/** An open order of a new buyer, already replicated here. */
export async function openOrder(h: Harness, over: Partial<EventOf<'order.created'>> = {}) {
  const user = buyer();
  const order = orderCreated(user.id, over);
  expect(await h.handlers.created(order)).toBe('success');
  return { user, order };
}

export const chargeOf = async (orderId: string) => {
  const charge = await findCharge(orderId);
  if (!charge) throw new Error(`no charge for ${orderId}`);
  return charge;
};

/** A Stripe event as its webhook delivers it. */
export function intentEvent(
  type: string,
  intent: {
    id: string;
    orderId?: string;
    attempt?: number;
    message?: string;
    amount?: number;
    currency?: string;
  },
  id = `evt_${newId()}`,
) {
  const metadata: Record<string, string> = {};
  if (intent.orderId) metadata.orderId = intent.orderId;
  if (intent.attempt) metadata.attempt = String(intent.attempt);
  return {
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: intent.id,
        object: 'payment_intent',
        amount: intent.amount ?? 2500,
        currency: intent.currency ?? 'usd',
        metadata,
        last_payment_error: intent.message ? { message: intent.message } : null,
      },
    },
  };
}

/** Waits for a condition the test cannot await directly (a charge reaching the gateway). */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The buyer's first payment of the order, declined by the card (402); the gateway is reset. */
export async function declineFirstPayment(h: Harness, token: string, orderId: string) {
  h.gateway.onCharge = async () => ({
    status: 'declined',
    message: 'Your card was declined.',
    intentId: 'pi_declined',
  });
  const res = await h.pay(token, { orderId, paymentMethod: 'pm_card_chargeDeclined' }).expect(402);
  h.gateway.reset();
  return res;
}

/**
 * The buyer pays the order with a good card, and the charge is held "at Stripe" until
 * `release()`; `paying` resolves with the answer once it is released.
 */
export async function payHeldAtStripe(h: Harness, token: string, orderId: string) {
  const atStripe = gate<void>();
  h.gateway.onCharge = async (req) => {
    await atStripe.promise;
    return succeed(req);
  };
  const paying = h.pay(token, { orderId, paymentMethod: 'pm_card_visa' }).then((r) => r);
  await waitFor(() => h.gateway.charges.length === 1);
  return { paying, release: () => atStripe.open() };
}
