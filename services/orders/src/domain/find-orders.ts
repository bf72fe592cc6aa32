import { notFound, type UserPayload } from '@ticketing/common';
import { findOrder, listOrdersOf, type Order } from '../data/orders';
import type { ListOrdersQuery } from '@ticketing/contracts';

export function listMyOrders(buyer: UserPayload, query: ListOrdersQuery): Promise<Order[]> {
  return listOrdersOf(buyer.id, query.status);
}

/** Someone else's order does not exist for this buyer. */
export async function getMyOrder(buyer: UserPayload, orderId: string): Promise<Order> {
  const order = await findOrder(orderId);
  if (!order || order.userId !== buyer.id) throw notFound('Order not found');
  return order;
}
