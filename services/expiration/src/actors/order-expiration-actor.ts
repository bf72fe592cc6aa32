import { AbstractActor } from '@dapr/dapr';
import { withTrace, type EventPublisher } from '@ticketing/common';
import type { Logger } from 'pino';
import { fireExpiration } from '../domain/fire-expiration';
import { readReminderData } from './reminder-data';

export interface OrderExpirationDeps {
  publisher: EventPublisher;
  logger: Logger;
  now?: () => number;
  maxEarlyWaitMs?: number;
}

/**
 * One actor per order (id = order id). Its only job is the `expire` reminder's callback.
 * The SDK constructs actors itself (constructor(daprClient, id)), so the class is made here with
 * its dependencies in scope. Its name IS the actor type: the SDK routes by `constructor.name`.
 */
export function orderExpirationActor(deps: OrderExpirationDeps) {
  return class OrderExpiration extends AbstractActor {
    override async receiveReminder(data: unknown): Promise<void> {
      const orderId = this.getActorId().getId();
      // Continue the trace of the request that placed the order, not the reminder's own.
      await withTrace(readReminderData(data)?.traceparent, () => expire(deps, orderId, data));
    }
  };
}

async function expire(deps: OrderExpirationDeps, orderId: string, data: unknown): Promise<void> {
  const { publisher, logger, now, maxEarlyWaitMs } = deps;
  const reminder = readReminderData(data);
  if (!reminder) {
    // Without expiresAt it cannot know it is not early; it fires again next period (until ttl).
    logger.error({ orderId, data }, 'expire reminder without readable data; not publishing');
    return;
  }
  if (reminder.orderId !== orderId)
    logger.warn({ orderId, reminder }, 'reminder data names another order');
  try {
    const result = await fireExpiration(
      { orderId, expiresAt: new Date(reminder.expiresAt) },
      { publisher, now, maxEarlyWaitMs },
    );
    if (result === 'early')
      logger.warn(
        { orderId, expiresAt: reminder.expiresAt },
        'expire reminder fired early; waiting for the next one',
      );
    else logger.info({ orderId }, 'published expiration.complete');
  } catch (err) {
    // Failing the callback makes daprd retry it (and the period fires it again anyway).
    logger.warn(
      { err, orderId },
      'publishing expiration.complete failed; reminder will fire again',
    );
    throw err;
  }
}
