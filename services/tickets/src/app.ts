import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { TicketsConfig } from './config';
import { ticketsRouter } from './routes/tickets';

export interface AppDeps {
  config: TicketsConfig;
  logger: Logger;
  /** Drives GET /readyz. */
  ready?: () => boolean;
  /** Called with the id of every ticket written (kicks the outbox relay for it). */
  afterWrite?: (ticketId: string) => void;
}

export function buildApp({ config, logger, ready, afterWrite = () => {} }: AppDeps): Express {
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
  });
  app.use('/api/tickets', ticketsRouter({ afterWrite }));
  return finishApp(app);
}
