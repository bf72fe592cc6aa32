import type { EventHandler, EventSubscriber } from '@ticketing/common';
import type { Logger } from 'pino';
import type { RecentPublishes } from '../domain/recent-publishes';
import type { ReminderScheduler } from '../domain/reminder-scheduler';
import { cancelExpiration, scheduleExpiration } from '../domain/schedule-expiration';

export interface HandlerDeps {
  scheduler: ReminderScheduler;
  logger: Logger;
  recent: RecentPublishes;
}

// A sidecar that does not take the call throws; the subscriber answers RETRY for it.

export function onOrderCreated({ scheduler }: HandlerDeps): EventHandler<'order.created'> {
  return async (event) => {
    await scheduleExpiration(scheduler, event);
    return 'success';
  };
}

export function onOrderCancelled({
  scheduler,
  recent,
}: HandlerDeps): EventHandler<'order.cancelled'> {
  return async (event) => {
    await cancelExpiration(scheduler, event.id);
    recent.forget(event.id);
    return 'success';
  };
}

export function onOrderCompleted({
  scheduler,
  recent,
}: HandlerDeps): EventHandler<'order.completed'> {
  return async (event) => {
    await cancelExpiration(scheduler, event.id);
    recent.forget(event.id);
    return 'success';
  };
}

export async function subscribeOrderEvents(
  subscriber: EventSubscriber,
  deps: HandlerDeps,
): Promise<void> {
  await subscriber.subscribe('order.created', onOrderCreated(deps));
  await subscriber.subscribe('order.cancelled', onOrderCancelled(deps));
  await subscriber.subscribe('order.completed', onOrderCompleted(deps));
}
