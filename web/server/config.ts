import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/** The web app's settings, read once at start-up; a bad value stops it with a clear message. */
export const WebEnv = z.object({
  APP_PORT: port.default(3000),
  /** Where the public origin listens; loopback unless a deployment says otherwise. */
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  DAPR_HTTP_PORT: port.default(3500),
  DAPR_API_TOKEN: z.string().min(1).optional(),
  /**
   * Set behind a trusted reverse proxy (ingress): its X-Forwarded-For / -Proto are extended
   * rather than replaced. Off by default, since then the browser is the direct peer.
   */
  TRUST_PROXY: flag,
  /** How long a service call may take before the client gets a 504. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * The waiting room in front of POST /api/orders and /api/payments (decision 020). Its
   * secret signs passes and tickets: replicas must share it (unset: a random one per process,
   * so a pass is honoured only by the replica that gave it).
   */
  WAITING_ROOM: flag.default(true),
  WAITING_ROOM_SECRET: z.string().min(32).optional(),
  WAITING_ROOM_BUDGET_MS: z.coerce.number().int().positive().default(250),
  WAITING_ROOM_INITIAL_LIMIT: z.coerce.number().int().positive().default(16),
  WAITING_ROOM_MIN_LIMIT: z.coerce.number().int().positive().default(2),
  WAITING_ROOM_MAX_LIMIT: z.coerce.number().int().positive().default(256),
  WAITING_ROOM_PASS_TTL_S: z.coerce.number().int().positive().default(300),
  WAITING_ROOM_CLAIM_MS: z.coerce.number().int().positive().default(10_000),
  WAITING_ROOM_IDLE_MS: z.coerce.number().int().positive().default(30_000),
});
export type WebConfig = z.infer<typeof WebEnv>;

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const parsed = WebEnv.safeParse(env);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  // Production fails closed: the origin's calls to its sidecar must carry the sidecar's token.
  if (env.NODE_ENV === 'production' && !env.DAPR_API_TOKEN) {
    lines.push('  DAPR_API_TOKEN: is required in production');
  }
  if (parsed.success && lines.length === 0) return parsed.data;
  throw new Error(`web: invalid configuration\n${lines.join('\n')}`);
}
