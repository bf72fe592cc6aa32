import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { CommentsConfig } from './config';
import type { CommentsDeps } from './domain/deps';
import { commentsRouter } from './routes/comments';

export interface AppDeps {
  config: Pick<CommentsConfig, 'JWT_SECRET' | 'APP_API_TOKEN'>;
  logger: Logger;
  deps: CommentsDeps;
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
  app.use('/api/comments', commentsRouter(deps));
  return finishApp(app);
}
