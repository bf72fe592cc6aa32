import { baseApp, finishApp, noRateLimit, type RateLimiter } from '@ticketing/common';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AuthConfig } from './config';
import type { Mailer } from './domain/mailer';
import type { ResetDeps } from './domain/password-reset';
import { sessionStateOf } from './domain/sessions';
import { useHashCost } from './domain/password-hash';
import { createSigninGuard } from './domain/signin-backoff';
import { createSigninLimiter } from './domain/signin-limiter';
import type { SignupDeps } from './domain/sign-up';
import { internalRouter } from './routes/internal';
import { usersRouter } from './routes/users';

export interface AppDeps {
  config: AuthConfig;
  logger: Logger;
  /** Sends the reset mails (the sidecar's email binding; tests record them). */
  mailer: Mailer;
  /** Drives GET /readyz. */
  ready?: () => boolean;
  /** Time source of the rate limit windows and reset links; tests move it forward. */
  clock?: () => number;
  /** Runs work after an answer went out; tests collect it to wait for it. */
  later?: ResetDeps['later'];
  /** Sign-ups per client address (the state store's counts); none in tests that do not ask. */
  signupLimiter?: RateLimiter;
}

export function buildApp(deps: AppDeps): Express {
  const { config, logger, mailer, ready, clock, later } = deps;
  const app = baseApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    appApiToken: config.APP_API_TOKEN,
    ready,
    // Auth owns the sessions: it reads them from its database, uncached.
    sessions: { current: (userId) => sessionStateOf(userId, new Date()) },
  });
  useHashCost({ N: 2 ** config.PASSWORD_SCRYPT_LOG2N, r: 8, p: 1 });
  const now = clock ?? Date.now;
  const limiter = createSigninGuard(
    {
      freeFailures: config.SIGNIN_FREE_FAILURES,
      baseSeconds: config.SIGNIN_BACKOFF_BASE_SECONDS,
      maxSeconds: config.SIGNIN_BACKOFF_MAX_SECONDS,
      windowSeconds: config.SIGNIN_WINDOW_SECONDS,
      maxPerIp: config.SIGNIN_MAX_PER_IP,
    },
    now,
  );
  const reset: ResetDeps = {
    logger,
    now: () => new Date(now()),
    mailer,
    limiter: createSigninLimiter(
      {
        name: 'reset',
        windowSeconds: config.RESET_WINDOW_SECONDS,
        maxPerEmail: config.RESET_MAX_PER_EMAIL,
        maxPerIp: config.RESET_MAX_PER_IP,
      },
      now,
    ),
    publicOrigin: config.PUBLIC_ORIGIN,
    tokenTtlSeconds: config.RESET_TOKEN_TTL_SECONDS,
    later:
      later ??
      ((name, job) => {
        job().catch((err: unknown) => logger.error({ err }, `${name} failed`));
      }),
  };
  const signups: SignupDeps = {
    limiter: deps.signupLimiter ?? noRateLimit,
    logger,
    now: () => new Date(now()),
  };
  app.use('/api/users', usersRouter({ config, limiter, reset, signups }));
  app.use('/internal', internalRouter());
  return finishApp(app);
}
