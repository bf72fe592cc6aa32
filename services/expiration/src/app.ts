import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { ExpirationConfig } from './config';

export interface AppDeps {
  config: ExpirationConfig;
  logger: Logger;
  ready?: () => boolean;
}

/** No public routes: health only. The Dapr server adds the subscription and actor routes. */
export function buildApp({ config, logger, ready }: AppDeps): Express {
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
  });
  return finishApp(app);
}
