import { opStats } from '@ticketing/common';
import { findOrder, OPEN_STATES } from '../data/orders';
import { cancelOrder } from './cancel-order';
import type { OrdersDeps, Outcome } from './deps';

/** Reminders may fire a touch before their due time; within this margin they count as due. */
export const EXPIRY_TOLERANCE_MS = 50;

/**
 * The expiration reminder fired: an open order past `expiresAt` is cancelled. One that is not due
 * yet is asked to be redelivered (an order never expires early); complete, cancelled or unknown
 * orders need nothing, so repeated and late deliveries change nothing.
 */
export async function expireOrder(
  deps: OrdersDeps,
  orderId: string,
  via: 'reminder' | 'sweep' = 'reminder',
): Promise<Outcome> {
  const order = await findOrder(orderId);
  if (!order) return 'done';
  if (!OPEN_STATES.includes(order.status)) return 'done';
  if (deps.now().getTime() < order.expiresAt.getTime() - EXPIRY_TOLERANCE_MS) return 'not-yet';
  await cancelOrder(deps, order.id, 'expired');
  // How late the hold was released, and which path released it (bench/lag.ts).
  const lateMs = deps.now().getTime() - order.expiresAt.getTime();
  opStats.timing('expiry.lateness', lateMs);
  opStats.timing(`expiry.lateness.${via}`, lateMs);
  return 'done';
}
