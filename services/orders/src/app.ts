import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { OrdersConfig } from './config';
import type { OrdersDeps } from './domain/deps';
import { notificationsRouter } from './routes/notifications';
import { ordersRouter } from './routes/orders';
import { wantedRouter } from './routes/wanted';

export interface AppDeps {
  config: Pick<OrdersConfig, 'JWT_SECRET' | 'APP_API_TOKEN'>;
  logger: Logger;
  deps: OrdersDeps;
  /** Drives GET /readyz. */
  ready?: () => boolean;
}

export function buildApp({ config, logger, deps, ready }: AppDeps): Express {
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
  });
  app.use('/api/orders', ordersRouter(deps));
  app.use('/api/wanted', wantedRouter(deps));
  app.use('/api/notifications', notificationsRouter(deps));
  return finishApp(app);
}
