import { OPEN_STATES, OrderModel } from '../data/orders';
import type { OrdersDeps } from './deps';
import { expireOrder } from './expire-order';

/** How far past its expiry a hold may be before orders releases it without the reminder. */
export const OVERDUE_AFTER_MS = 4_000;

/**
 * A safety net behind the expiration actor's reminder: a hold still open a few seconds after
 * `expiresAt` (the expiration app, its sidecar or the scheduler down or restarting) is expired
 * here, the same way the reminder would. The reminder stays the normal path; this bounds the
 * lateness when it cannot fire.
 */
export async function sweepOverdueHolds(deps: OrdersDeps, limit = 100): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - OVERDUE_AFTER_MS);
  const overdue = await OrderModel.find(
    { status: { $in: OPEN_STATES }, expiresAt: { $lt: cutoff } },
    { _id: 1 },
  )
    .limit(limit)
    .lean<{ _id: unknown }[]>();
  let expired = 0;
  for (const o of overdue) {
    if ((await expireOrder(deps, String(o._id))) === 'done') expired += 1;
  }
  return expired;
}
