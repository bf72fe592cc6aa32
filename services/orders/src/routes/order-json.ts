import type { Order as OrderJson } from '@ticketing/contracts';
import type { Order } from '../data/orders';

/** An order as the API shows it: no internals (outbox), dates as ISO strings. */
export function orderJson(order: Order): OrderJson {
  const { id, userId, status, ticket, expiresAt, version, paymentId, cancelReason, createdAt } =
    order;
  const wanted = order.wanted ?? null;
  return {
    id,
    userId,
    status,
    ticket,
    expiresAt: expiresAt.toISOString(),
    version,
    paymentId,
    cancelReason,
    createdAt: createdAt.toISOString(),
    wanted,
  };
}
