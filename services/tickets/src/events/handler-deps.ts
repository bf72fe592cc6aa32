import type { HandlerResult } from '@ticketing/common';
import type { Logger } from 'pino';

export interface HandlerDeps {
  logger: Logger;
  /** Called with the ticket a handler wrote, so its outbox is published at once. */
  afterWrite: (ticketId: string) => void;
}

/** Subscription handlers never throw: a failure (say the database is away) asks for redelivery. */
export async function orRetry(
  logger: Logger,
  topic: string,
  work: () => Promise<HandlerResult>,
): Promise<HandlerResult> {
  try {
    return await work();
  } catch (err) {
    logger.warn({ err, topic }, 'handler failed; asking for redelivery');
    return 'retry';
  }
}
