import type { EventOf } from '@ticketing/contracts';
import { applyOrderStatus, findOrder, insertOrder, type VersionedApply } from '../data/orders';
import type { PaymentsDeps } from './deps';
import { refundIfCharged, type RefundOutcome } from './refunds';

/** Starts the replica of a new order; a redelivery finds it there and changes nothing. */
export async function recordOrderCreated(
  event: EventOf<'order.created'>,
): Promise<'applied' | 'duplicate'> {
  const inserted = await insertOrder({
    id: event.id,
    userId: event.userId,
    ticketId: event.ticket.id,
    price: event.ticket.price,
    currency: event.ticket.currency,
    status: event.status,
    version: event.version,
    expiresAt: new Date(event.expiresAt),
  });
  return inserted ? 'applied' : 'duplicate';
}

/**
 * Marks the replica cancelled and gives back any money taken for it. The refund is attempted on
 * a duplicate delivery too: a process that died between the two steps finishes on redelivery.
 */
export async function recordOrderCancelled(
  deps: PaymentsDeps,
  event: EventOf<'order.cancelled'>,
): Promise<{ replica: VersionedApply; refund?: RefundOutcome }> {
  const replica = await applyOrderStatus(event.id, event.version, 'cancelled');
  if (replica === 'not-yet') return { replica };
  // A stale cancellation of an order that completed instead must not give the money back.
  if (replica === 'duplicate' && (await findOrder(event.id))?.status !== 'cancelled')
    return { replica };
  return { replica, refund: await refundIfCharged(deps, event.id) };
}

export async function recordOrderCompleted(
  event: EventOf<'order.completed'>,
): Promise<VersionedApply> {
  return applyOrderStatus(event.id, event.version, 'complete');
}
