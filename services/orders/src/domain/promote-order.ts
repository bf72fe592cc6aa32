import { transitionOrder, type Order } from '../data/orders';
import type { OrdersContext } from './context';
import { orderCreated } from './order-events';

/** pending -> created, announcing the order in the same write. Undefined if it is no longer pending. */
export async function promoteOrder(ctx: OrdersContext, pending: Order): Promise<Order | undefined> {
  const order = await transitionOrder(pending, { status: 'created' }, [
    orderCreated({ ...pending, status: 'created' }),
  ]);
  if (order) ctx.outboxWritten();
  return order;
}
