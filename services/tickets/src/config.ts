import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

export const TicketsEnv = CommonEnv.extend({
  /**
   * `memory`: the listing is answered from a read model this process keeps from its own writes
   * (it must be the only tickets process, as on FerretDB). `store`: from the database's indexes,
   * for MongoDB with several tickets processes.
   */
  LISTING_READ_MODEL: z.enum(['memory', 'store']).default('memory'),
  /** A resale may cost at most its face value times this (1 = face value, 0.5 = half). */
  RESALE_PRICE_CAP: z.coerce
    .number({ error: 'RESALE_PRICE_CAP must be a number' })
    .positive('RESALE_PRICE_CAP must be more than 0')
    .max(10, 'RESALE_PRICE_CAP must be at most 10')
    .default(1),
  /** Listings (POST /api/tickets) per seller and per client address, per window; 0 is off. */
  LISTING_RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).default(20),
  LISTING_RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(0).default(60),
  LISTING_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** The Dapr state store holding the counts (components/<profile>/appstate.yaml). */
  APP_STATE_NAME: z.string().min(1).default('appstate'),
});
export type TicketsConfig = z.infer<typeof TicketsEnv>;

export function loadTicketsConfig(env: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(TicketsEnv, env);
}
