import { opStats } from '@ticketing/common';
import { findOrder, OPEN_STATES, type Order } from '../data/orders';
import { cancelOrder } from './cancel-order';
import type { ExpiryVerdict } from '@ticketing/contracts';
import type { OrdersDeps } from './deps';

/** Reminders may fire a touch before their due time; within this margin they count as due. */
export const EXPIRY_TOLERANCE_MS = 50;
/**
 * How long past `expiresAt` a hold waits for a charge that is with Stripe right now, or for
 * payments to answer at all. After that it is released anyway; a charge that succeeds later is
 * refunded (payments sees `order.cancelled`).
 */
export const PAYMENT_GRACE_MS = 5_000;

/**
 * What became of a hold asked to expire:
 * - `released`: cancelled as expired, its ticket on sale again;
 * - `not-due`: `expiresAt` is still ahead (an order never expires early): deliver again later;
 * - `kept`: payments says it was paid (its `payment.created` completes it), or cannot say yet (a
 *   charge with Stripe, payments unreachable) within the grace; the reminder's next firing or
 *   orders' sweep asks again, so the event itself is not held up;
 * - `nothing`: complete, cancelled or unknown, so repeated and late deliveries change nothing.
 */
export type ExpiryOutcome = 'released' | 'not-due' | 'kept' | 'nothing';

/**
 * The expiration reminder fired (or orders' sweep found the hold overdue): an open order past
 * `expiresAt` is cancelled, unless payments says it was paid.
 *
 * Why ask payments (decision 022): `payment.created` and `expiration.complete` come on two
 * topics, and after a restart of orders the payment's event may come back much later than the
 * expiry's. Payments closes the order's charge before it answers `closed`, so no payment can
 * succeed for an order released here.
 */
export async function expireOrder(
  deps: OrdersDeps,
  orderId: string,
  via: 'reminder' | 'sweep' = 'reminder',
): Promise<ExpiryOutcome> {
  const order = await findOrder(orderId);
  if (!order) return 'nothing';
  if (!OPEN_STATES.includes(order.status)) return 'nothing';
  if (deps.now().getTime() < order.expiresAt.getTime() - EXPIRY_TOLERANCE_MS) return 'not-due';
  const verdict = await askPayments(deps, order);
  if (verdict === 'paid') {
    // Its payment.created completes it; nothing to release.
    deps.logger.info({ orderId }, 'an expired hold was paid; its payment completes it');
    return 'kept';
  }
  if (verdict !== 'closed') {
    if (deps.now().getTime() < order.expiresAt.getTime() + PAYMENT_GRACE_MS) return 'kept';
    deps.logger.warn(
      { orderId, payment: verdict },
      'releasing an expired hold whose payment is unresolved; a late success is refunded',
    );
  }
  await cancelOrder(deps, order.id, 'expired');
  // How late the hold was released, and which path released it (bench/lag.ts).
  const lateMs = deps.now().getTime() - order.expiresAt.getTime();
  opStats.timing('expiry.lateness', lateMs);
  opStats.timing(`expiry.lateness.${via}`, lateMs);
  return 'released';
}

async function askPayments(deps: OrdersDeps, order: Order): Promise<ExpiryVerdict | 'unreachable'> {
  try {
    return await deps.payments.closeForExpiry(order.id);
  } catch (err) {
    deps.logger.warn({ err, orderId: order.id }, 'payments did not answer for an expired hold');
    return 'unreachable';
  }
}
