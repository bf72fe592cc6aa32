import type { EventSubscriber } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { onOrderCancelled } from './order-cancelled';
import { onOrderCompleted } from './order-completed';
import { onOrderCreated } from './order-created';

export function subscriptions(deps: TicketsDeps) {
  return async (subscriber: EventSubscriber): Promise<void> => {
    await subscriber.subscribe('order.created', onOrderCreated(deps));
    await subscriber.subscribe('order.cancelled', onOrderCancelled(deps));
    await subscriber.subscribe('order.completed', onOrderCompleted(deps));
  };
}
