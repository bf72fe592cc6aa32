import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const AuthEnv = CommonEnv.extend({
  JWT_TTL_SECONDS: positiveInt.default(86_400),
  SIGNIN_WINDOW_SECONDS: positiveInt.default(900),
  /** Sign-in attempts of one client address (IPv6: its /64) across emails, per window. */
  SIGNIN_MAX_PER_IP: positiveInt.default(100),
  /** Failed sign-ins of one email from one client before it must wait; then 1 s, 2 s, 4 s... */
  SIGNIN_FREE_FAILURES: positiveInt.default(5),
  SIGNIN_BACKOFF_BASE_SECONDS: positiveInt.default(1),
  SIGNIN_BACKOFF_MAX_SECONDS: positiveInt.default(900),
  /** scrypt's N is 2^this; OWASP's 17 by default. Tests lower it; stored hashes keep their own. */
  PASSWORD_SCRYPT_LOG2N: z.coerce.number().int().min(14).max(20).default(17),
  /** "Forgot password" requests, per email and per client address, in one window. */
  RESET_WINDOW_SECONDS: positiveInt.default(900),
  RESET_MAX_PER_EMAIL: positiveInt.default(3),
  RESET_MAX_PER_IP: positiveInt.default(20),
  /** Sign-ups per client address per window (state store); 0 turns the limit off. */
  SIGNUP_RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(0).default(10),
  SIGNUP_RATE_WINDOW_SECONDS: positiveInt.max(86_400).default(3600),
  /** The Dapr state store holding the sign-up counts (components/<profile>/appstate.yaml). */
  APP_STATE_NAME: z.string().min(1).default('appstate'),
  /** How long a reset link works. */
  RESET_TOKEN_TTL_SECONDS: positiveInt.default(1800),
  /** The web origin reset links point at (never taken from a request's Host header). */
  PUBLIC_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:3000')
    .transform((u) => u.replace(/\/+$/, '')),
});
export type AuthConfig = z.infer<typeof AuthEnv>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(AuthEnv, env);
}
