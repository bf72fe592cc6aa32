import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

// An empty variable (e.g. `STRIPE_SECRET_KEY=` in a shell) means "not set", not "set to nothing".
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const limit = z.coerce.number().int().min(0).max(100_000);
const seconds = z.coerce.number().int().min(1).max(86_400);

export const PaymentsEnv = CommonEnv.extend({
  /** A Stripe test-mode (or live) secret key. Without it the service talks to stripe-mock. */
  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_...)'),
  ),
  /** Where stripe-mock listens, e.g. http://127.0.0.1:12111; required without a key. */
  STRIPE_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  STRIPE_WEBHOOK_SECRET: z.string().min(8, 'must be the webhook signing secret (whsec_...)'),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /**
   * Production refuses stripe-mock unless this marks a demo deployment (compose's default, the
   * k8s dev overlay): no real money moves there, and the log says so at start.
   */
  STRIPE_MOCK_ALLOWED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Payment requests one buyer, and one client address, may make per window; 0 is off. */
  PAY_RATE_LIMIT_PER_USER: limit.default(10),
  PAY_RATE_LIMIT_PER_CLIENT: limit.default(60),
  PAY_RATE_WINDOW_SECONDS: seconds.default(60),
  /** Declined cards per order and per buyer before payments stops trying (card testing). */
  DECLINES_PER_ORDER: limit.default(3),
  DECLINES_PER_USER: limit.default(10),
  DECLINE_WINDOW_SECONDS: seconds.default(3600),
  /** The Dapr state store holding the counts (components/<profile>/appstate.yaml). */
  APP_STATE_NAME: z.string().min(1).default('appstate'),
})
  .refine((env) => env.STRIPE_SECRET_KEY || env.STRIPE_API_BASE, {
    path: ['STRIPE_API_BASE'],
    error: 'is required when STRIPE_SECRET_KEY is not set (the URL of stripe-mock)',
  })
  // Without a key payments talks to stripe-mock; production charges real cards, so it fails
  // closed unless the deployment says it is a demo.
  .refine(
    (env) => env.NODE_ENV !== 'production' || env.STRIPE_SECRET_KEY || env.STRIPE_MOCK_ALLOWED,
    {
      path: ['STRIPE_SECRET_KEY'],
      error:
        'is required in production: without it payments would use stripe-mock (set STRIPE_MOCK_ALLOWED=true only for a demo deployment)',
    },
  );
export type PaymentsConfig = z.infer<typeof PaymentsEnv>;

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return loadConfig(PaymentsEnv, env);
}
