import { stateRateLimiter, type RateLimiter, type StateStore } from '@ticketing/common';
import type { AuthConfig } from '../config';

/** Sign-ups per client address, as configured, counted in the state store (`appstate`). */
export function signupLimiterIn(
  store: StateStore,
  config: Pick<AuthConfig, 'SIGNUP_RATE_LIMIT_PER_CLIENT' | 'SIGNUP_RATE_WINDOW_SECONDS'>,
): RateLimiter {
  return stateRateLimiter(store, {
    name: 'signups|client',
    limit: config.SIGNUP_RATE_LIMIT_PER_CLIENT,
    windowSeconds: config.SIGNUP_RATE_WINDOW_SECONDS,
  });
}
