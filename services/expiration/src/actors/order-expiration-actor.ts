import { AbstractActor } from '@dapr/dapr';
import { withTrace, type EventPublisher } from '@ticketing/common';
import type { Logger } from 'pino';
import { fireExpiration } from '../domain/fire-expiration';
import type { RecentPublishes } from '../domain/recent-publishes';
import type { ReminderScheduler } from '../domain/reminder-scheduler';
import { readReminderData } from './reminder-data';

export interface OrderExpirationDeps {
  publisher: EventPublisher;
  logger: Logger;
  /** Orders whose expiry was published lately: their firings within the window publish nothing. */
  recent: RecentPublishes;
  /** Removes an order's reminder once its expiry is published. */
  reminders: ReminderScheduler;
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
  const { publisher, logger, recent, now, maxEarlyWaitMs } = deps;
  const clock = now ?? Date.now;
  const reminder = readReminderData(data);
  if (!reminder) {
    // Without expiresAt it cannot know it is not early; it fires again next period (until ttl).
    logger.error({ orderId, data }, 'expire reminder without readable data; not publishing');
    return;
  }
  if (reminder.orderId !== orderId)
    logger.warn({ orderId, reminder }, 'reminder data names another order');
  if (recent.within(orderId, clock())) {
    // Published already, and removing the reminder then failed: try that again.
    logger.debug({ orderId }, 'expiration.complete published lately; not again yet');
    await removeReminder(deps, orderId);
    return;
  }
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
    else {
      recent.published(orderId, clock());
      logger.info({ orderId }, 'published expiration.complete');
      await removeReminder(deps, orderId);
    }
  } catch (err) {
    // Failing the callback makes daprd retry it (and the period fires it again anyway).
    logger.warn(
      { err, orderId },
      'publishing expiration.complete failed; reminder will fire again',
    );
    throw err;
  }
}

/**
 * A publish the sidecar accepted is in the stream, and orders applies it with retries (and sweeps
 * overdue holds itself), so the reminder has done its job: without this it fired again every
 * period until order.cancelled came back, which under event lag meant 6 publishes per hold
 * (bench/lag.ts: 62,337 for 10,000 expiries). A failure here only costs a later firing.
 */
async function removeReminder(deps: OrderExpirationDeps, orderId: string): Promise<void> {
  try {
    await deps.reminders.cancel(orderId);
  } catch (err) {
    deps.logger.warn({ err, orderId }, 'removing a fired reminder failed; it will fire again');
  }
}
