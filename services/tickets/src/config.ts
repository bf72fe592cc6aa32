import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

export const TicketsEnv = CommonEnv.extend({
  /**
   * `memory`: the listing is answered from a read model this process keeps from its own writes
   * (it must be the only tickets process, as on FerretDB). `store`: from the database's indexes,
   * for MongoDB with several tickets processes.
   */
  LISTING_READ_MODEL: z.enum(['memory', 'store']).default('memory'),
});
export type TicketsConfig = z.infer<typeof TicketsEnv>;

export function loadTicketsConfig(env: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(TicketsEnv, env);
}
