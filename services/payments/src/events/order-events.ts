import {
  retryIfNotYet as byVersion,
  type EventHandler,
  type EventSubscriber,
} from '@ticketing/common';
import type { PaymentsDeps } from '../domain/deps';
import {
  recordOrderCancelled,
  recordOrderCompleted,
  recordOrderCreated,
} from '../domain/order-replica';

export function orderEventHandlers(deps: PaymentsDeps) {
  const created: EventHandler<'order.created'> = async (event) => {
    await recordOrderCreated(event);
    return 'success';
  };
  const cancelled: EventHandler<'order.cancelled'> = async (event) => {
    const { replica, refund } = await recordOrderCancelled(deps, event);
    // A failed refund stays due (the sweeper retries it); redelivery is a second, faster retry.
    return refund === 'failed' ? 'retry' : byVersion(replica);
  };
  const completed: EventHandler<'order.completed'> = async (event) =>
    byVersion(await recordOrderCompleted(event));
  return { created, cancelled, completed };
}

export async function subscribeOrderEvents(
  subscriber: EventSubscriber,
  deps: PaymentsDeps,
): Promise<void> {
  const handlers = orderEventHandlers(deps);
  await subscriber.subscribe('order.created', handlers.created);
  await subscriber.subscribe('order.cancelled', handlers.cancelled);
  await subscriber.subscribe('order.completed', handlers.completed);
}
