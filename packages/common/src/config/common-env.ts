import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
// Compose files often write `APP_API_TOKEN=` to mean "not set".
const optionalSecret = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().min(16).optional(),
);

/** Settings every service reads; a service extends this with its own. */
export const CommonEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  APP_PORT: port,
  APP_HOST: z.string().default('127.0.0.1'),
  DAPR_HTTP_PORT: port.default(3500),
  APP_API_TOKEN: optionalSecret,
  DAPR_API_TOKEN: optionalSecret,
  PUBSUB_NAME: z.string().default('pubsub'),
  MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Decision 004: on for FerretDB 1.x (the default store); `false` on real MongoDB. */
  MONGO_WRITE_LOCKS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** How long a user's session version is trusted before asking auth again (decision 011). */
  SESSION_CHECK_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
});
export type CommonEnv = z.infer<typeof CommonEnv>;
