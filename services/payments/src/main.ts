import { OutboxRelay, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadPaymentsConfig } from './config';
import { ChargeModel } from './data/charges';
import { ensureIndexes } from './data/indexes';
import type { PaymentsDeps } from './domain/deps';
import { sweepDueRefunds } from './domain/refunds';
import { subscribeOrderEvents } from './events/order-events';
import { StripeGateway } from './stripe/stripe-gateway';
import { StripeWebhookVerifier } from './stripe/webhook-verifier';

const REFUND_SWEEP_MS = 10_000;

runService('payments', loadPaymentsConfig, async (config, { logger, lifecycle, publisher }) => {
  await ensureIndexes();
  const relay = new OutboxRelay({ model: ChargeModel, publisher, logger });
  const deps: PaymentsDeps = {
    gateway: new StripeGateway({
      secretKey: config.STRIPE_SECRET_KEY,
      apiBase: config.STRIPE_API_BASE,
      timeoutMs: config.STRIPE_TIMEOUT_MS,
    }),
    // Drains just the charge written (its _id is the order id): a sweep scans the collection.
    kickOutbox: (orderId) => relay.kick(orderId),
    now: () => new Date(),
    logger,
  };
  logger.info(
    {
      stripe: config.STRIPE_SECRET_KEY
        ? 'stripe (key given)'
        : `stripe-mock at ${config.STRIPE_API_BASE}`,
    },
    'payment provider',
  );
  const app = buildApp({
    config,
    logger,
    payments: deps,
    webhooks: new StripeWebhookVerifier(config.STRIPE_WEBHOOK_SECRET),
    ready: () => mongoose.connection.readyState === 1,
  });
  return {
    app,
    relays: [relay],
    subscribe: (subscriber) => subscribeOrderEvents(subscriber, deps),
    afterStart: () => {
      // Refunds owed but not done (Stripe down, or a crash mid-refund) are retried here.
      let sweeping: Promise<void> | undefined;
      const timer = setInterval(() => {
        sweeping ??= sweepDueRefunds(deps)
          .catch((err: unknown) => logger.warn({ err }, 'refund sweep failed'))
          .finally(() => (sweeping = undefined));
      }, REFUND_SWEEP_MS);
      timer.unref();
      lifecycle.onStop('refund sweeper', async () => {
        clearInterval(timer);
        await sweeping;
      });
    },
  };
});
