import type { Order } from '../data/orders';

/** An order as the API shows it: no internals (outbox, cancel reason), dates as ISO strings. */
export function orderJson(order: Order) {
  const { id, userId, status, ticket, expiresAt, version, paymentId, createdAt } = order;
  return {
    id,
    userId,
    status,
    ticket,
    expiresAt: expiresAt.toISOString(),
    version,
    paymentId,
    createdAt: createdAt.toISOString(),
  };
}
