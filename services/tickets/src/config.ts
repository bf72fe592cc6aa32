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
});
export type TicketsConfig = z.infer<typeof TicketsEnv>;

export function loadTicketsConfig(env: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(TicketsEnv, env);
}
