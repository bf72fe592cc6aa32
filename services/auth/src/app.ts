import { baseApp, finishApp } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AuthConfig } from './config';
import { createSigninLimiter } from './domain/signin-limiter';
import { usersRouter } from './routes/users';

export interface AppDeps {
  config: AuthConfig;
  logger: Logger;
  /** Drives GET /readyz. */
  ready?: () => boolean;
  /** Time source of the sign-in rate limit windows; tests move it forward. */
  clock?: () => number;
}

export function buildApp({ config, logger, ready, clock }: AppDeps): Express {
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
  });
  const limiter = createSigninLimiter(
    {
      windowSeconds: config.SIGNIN_WINDOW_SECONDS,
      maxPerEmail: config.SIGNIN_MAX_PER_EMAIL,
      maxPerIp: config.SIGNIN_MAX_PER_IP,
    },
    clock,
  );
  app.use('/api/users', usersRouter({ config, limiter }));
  return finishApp(app);
}
