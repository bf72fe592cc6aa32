import { AbstractActor } from '@dapr/dapr';
import type { EventPublisher } from '@ticketing/common';
import type { Logger } from 'pino';
import { fireExpiration } from '../domain/fire-expiration';
import { readReminderData } from './reminder-data';

export interface OrderExpirationDeps {
  publisher: EventPublisher;
  logger: Logger;
  now?: () => number;
  maxEarlyWaitMs?: number;
}

// The SDK constructs actors itself (constructor(daprClient, id)), so their dependencies are set
// here once, in main, before the server starts.
let deps: OrderExpirationDeps | undefined;

export function setOrderExpirationDeps(value: OrderExpirationDeps): void {
  deps = value;
}

/**
 * One actor per order (id = order id). Its only job is the `expire` reminder's callback.
 * The class name IS the actor type: the SDK registers and routes by `constructor.name`.
 */
export class OrderExpiration extends AbstractActor {
  override async receiveReminder(data: unknown): Promise<void> {
    if (!deps) throw new Error('OrderExpiration fired before setOrderExpirationDeps was called');
    const { publisher, logger, now, maxEarlyWaitMs } = deps;
    const orderId = this.getActorId().getId();
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
}
