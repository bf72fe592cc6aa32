import type { Logger } from 'pino';
import type { HandlerResult } from './bus';

/*
 * A handler never has to catch: `handleSafely` answers RETRY for anything it throws (say the
 * database is away) and DROP for a malformed event. What is left is saying what the domain's
 * outcome means to the broker; these are the two answers that are not plain success.
 */

/**
 * Success, unless the event depends on one that has not arrived yet (`not-yet`): then the
 * broker redelivers it later, never drops it.
 */
export const retryIfNotYet = (outcome: string): HandlerResult =>
  outcome === 'not-yet' ? 'retry' : 'success';

/** An event that can never apply: says why, loudly, and stops its redelivery. */
export function dropEvent(
  logger: Logger,
  why: string,
  fields: Record<string, unknown>,
): HandlerResult {
  logger.error(fields, `dropping event: ${why}`);
  return 'drop';
}
