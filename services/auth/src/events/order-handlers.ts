import { retryIfNotYet, type EventSubscriber } from '@ticketing/common';
import { orderCancelled, orderPaid, orderPlaced, type OrderMailDeps } from '../domain/order-mail';

/** Auth holds the buyers' emails, so it writes their order mails (decision 011). */
export async function subscribeOrderMail(
  deps: OrderMailDeps,
  subscriber: EventSubscriber,
): Promise<void> {
  await subscriber.subscribe('order.created', async (e) => {
    await orderPlaced(e);
    return 'success';
  });
  await subscriber.subscribe('order.completed', async (e) =>
    retryIfNotYet(await orderPaid(deps, e)),
  );
  await subscriber.subscribe('order.cancelled', async (e) =>
    retryIfNotYet(await orderCancelled(deps, e)),
  );
}
