import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { PaymentsConfig } from './config';
import type { PaymentsDeps } from './domain/deps';
import type { WebhookVerifier } from './domain/stripe-events';
import { internalRouter } from './routes/internal';
import { paymentsRouter } from './routes/payments';
import { webhookRouter } from './routes/webhook';

export interface AppDeps {
  config: Pick<PaymentsConfig, 'JWT_SECRET' | 'APP_API_TOKEN'>;
  logger: Logger;
  payments: PaymentsDeps;
  webhooks: WebhookVerifier;
  /** Drives GET /readyz. */
  ready?: () => boolean;
}

export function buildApp({ config, logger, payments, webhooks, ready }: AppDeps): Express {
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
  });
  app.use('/api/payments', webhookRouter(payments, webhooks));
  app.use('/api/payments', paymentsRouter(payments));
  app.use('/internal', internalRouter(payments));
  return finishApp(app);
}
