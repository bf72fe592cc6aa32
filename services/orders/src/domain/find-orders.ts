import { notFound, type UserPayload } from '@ticketing/common';
import { findOrder, listOrdersOf, type Order } from '../data/orders';
import type { ListOrdersQuery } from '@ticketing/contracts';

/** One page of the buyer's own orders, newest first. */
export function listMyOrders(
  buyer: UserPayload,
  { status, page, limit }: ListOrdersQuery,
): Promise<{ items: Order[]; total: number }> {
  return listOrdersOf(buyer.id, status, page, limit);
}

/** Someone else's order does not exist for this buyer. */
export async function getMyOrder(buyer: UserPayload, orderId: string): Promise<Order> {
  const order = await findOrder(orderId);
  if (!order || order.userId !== buyer.id) throw notFound('Order not found');
  return order;
}
