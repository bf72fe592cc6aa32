import { DaprStateStore, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadPaymentsConfig } from './config';
import { ChargeModel } from './data/charges';
import { ensureIndexes } from './data/indexes';
import { paymentLimitsIn } from './data/limit-counts';
import type { PaymentsDeps } from './domain/deps';
import { sweepDueRefunds } from './domain/refunds';
import { subscribeOrderEvents } from './events/order-events';
import { StripeGateway } from './stripe/stripe-gateway';
import { StripeWebhookVerifier } from './stripe/webhook-verifier';

const REFUND_SWEEP_MS = 10_000;

runService('payments', loadPaymentsConfig, async (config, { logger, outbox, every }) => {
  await ensureIndexes();
  const store = new DaprStateStore({
    storeName: config.APP_STATE_NAME,
    daprHttpPort: config.DAPR_HTTP_PORT,
    daprApiToken: config.DAPR_API_TOKEN,
  });
  const deps: PaymentsDeps = {
    logger,
    now: () => new Date(),
    outboxWritten: outbox(ChargeModel),
    gateway: new StripeGateway({
      secretKey: config.STRIPE_SECRET_KEY,
      apiBase: config.STRIPE_API_BASE,
      timeoutMs: config.STRIPE_TIMEOUT_MS,
    }),
    limits: paymentLimitsIn(store, config),
  };
  logger.info(
    {
      stripe: config.STRIPE_SECRET_KEY
        ? 'stripe (key given)'
        : `stripe-mock at ${config.STRIPE_API_BASE}`,
    },
    'payment provider',
  );
  if (!config.STRIPE_SECRET_KEY && config.NODE_ENV === 'production') {
    logger.warn(
      'DEMO deployment (STRIPE_MOCK_ALLOWED): payments go to stripe-mock, no money moves',
    );
  }
  // Refunds owed but not done (Stripe down, or a crash mid-refund) are retried here.
  every('refund sweep', REFUND_SWEEP_MS, () => sweepDueRefunds(deps));
  const app = buildApp({
    config,
    logger,
    payments: deps,
    webhooks: new StripeWebhookVerifier(config.STRIPE_WEBHOOK_SECRET),
    ready: () => mongoose.connection.readyState === 1,
  });
  return { app, subscribe: (subscriber) => subscribeOrderEvents(subscriber, deps) };
});
