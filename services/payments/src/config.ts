import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

// An empty variable (e.g. `STRIPE_SECRET_KEY=` in a shell) means "not set", not "set to nothing".
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const PaymentsEnv = CommonEnv.extend({
  /** A Stripe test-mode (or live) secret key. Without it the service talks to stripe-mock. */
  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_...)'),
  ),
  /** Where stripe-mock listens, e.g. http://127.0.0.1:12111; required without a key. */
  STRIPE_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  STRIPE_WEBHOOK_SECRET: z.string().min(8, 'must be the webhook signing secret (whsec_...)'),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
}).refine((env) => env.STRIPE_SECRET_KEY || env.STRIPE_API_BASE, {
  path: ['STRIPE_API_BASE'],
  error: 'is required when STRIPE_SECRET_KEY is not set (the URL of stripe-mock)',
});
export type PaymentsConfig = z.infer<typeof PaymentsEnv>;

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return loadConfig(PaymentsEnv, env);
}
