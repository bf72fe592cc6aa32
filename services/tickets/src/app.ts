import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { TicketsConfig } from './config';
import type { TicketsDeps } from './domain/deps';
import { eventsRouter } from './routes/events';
import { ticketsRouter } from './routes/tickets';

export interface AppDeps {
  config: TicketsConfig;
  logger: Logger;
  deps: TicketsDeps;
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
  app.use('/api/tickets', ticketsRouter(deps));
  app.use('/api/events', eventsRouter(deps));
  return finishApp(app);
}
