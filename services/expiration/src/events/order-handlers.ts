import type { EventHandler, EventSubscriber, HandlerResult } from '@ticketing/common';
import type { Logger } from 'pino';
import type { ReminderScheduler } from '../domain/reminder-scheduler';
import { cancelExpiration, scheduleExpiration } from '../domain/schedule-expiration';

export interface HandlerDeps {
  scheduler: ReminderScheduler;
  logger: Logger;
}

/** A sidecar that did not take the call now may take it later: ask for redelivery. */
async function retryOnFailure(
  deps: HandlerDeps,
  what: string,
  orderId: string,
  work: () => Promise<void>,
): Promise<HandlerResult> {
  try {
    await work();
    return 'success';
  } catch (err) {
    deps.logger.warn({ err, orderId }, `${what} failed; asking for redelivery`);
    return 'retry';
  }
}

export function onOrderCreated(deps: HandlerDeps): EventHandler<'order.created'> {
  return (event) =>
    retryOnFailure(deps, 'scheduling the expiry', event.id, () =>
      scheduleExpiration(deps.scheduler, event),
    );
}

export function onOrderCancelled(deps: HandlerDeps): EventHandler<'order.cancelled'> {
  return (event) =>
    retryOnFailure(deps, 'cancelling the expiry', event.id, () =>
      cancelExpiration(deps.scheduler, event.id),
    );
}

export function onOrderCompleted(deps: HandlerDeps): EventHandler<'order.completed'> {
  return (event) =>
    retryOnFailure(deps, 'cancelling the expiry', event.id, () =>
      cancelExpiration(deps.scheduler, event.id),
    );
}

export async function subscribeOrderEvents(
  subscriber: EventSubscriber,
  deps: HandlerDeps,
): Promise<void> {
  await subscriber.subscribe('order.created', onOrderCreated(deps));
  await subscriber.subscribe('order.cancelled', onOrderCancelled(deps));
  await subscriber.subscribe('order.completed', onOrderCompleted(deps));
}
