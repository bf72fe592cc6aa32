import { CommonEnv, loadConfig } from '@ticketing/common';
import type { z } from 'zod';

// Tickets needs nothing beyond the settings every service reads.
export const TicketsEnv = CommonEnv;
export type TicketsConfig = z.infer<typeof TicketsEnv>;

export function loadTicketsConfig(env: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(TicketsEnv, env);
}
