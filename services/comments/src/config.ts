import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

export const CommentsEnv = CommonEnv.extend({
  /** Comments (posted or edited) one user may write per window; 0 turns the limit off. */
  COMMENTS_RATE_LIMIT: z.coerce.number().int().min(0).max(10_000).default(5),
  COMMENTS_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** The Dapr state store holding the rate-limit counters (components/<profile>/appstate.yaml). */
  STATE_STORE_NAME: z.string().min(1).default('appstate'),
});
export type CommentsConfig = z.infer<typeof CommentsEnv>;

export function loadCommentsConfig(env: NodeJS.ProcessEnv = process.env): CommentsConfig {
  return loadConfig(CommentsEnv, env);
}
