import { baseApp, finishApp } from '@ticketing/common';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ExpirationConfig } from './config';

export interface AppDeps {
  config: ExpirationConfig;
  logger: Logger;
  ready?: () => boolean;
}

/**
 * The Dapr SDK adds its own body-parser 1.x parsers in front of its actor routes, and they read
 * the body again unless `req._body` is set, which Express 5's parser no longer does. daprd calls
 * the reminder route with an application/json body that baseApp already parsed, so without this
 * mark every reminder answers 500 "stream is not readable".
 */
const markBodyParsed: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined) (req as { _body?: boolean })._body = true;
  next();
};

/** No public routes: health only. The Dapr server adds the subscription and actor routes. */
export function buildApp({ config, logger, ready }: AppDeps): Express {
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
  });
  app.use(markBodyParsed);
  return finishApp(app);
}
