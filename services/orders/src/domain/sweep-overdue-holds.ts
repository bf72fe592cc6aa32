import { OPEN_STATES, OrderModel } from '../data/orders';
import type { OrdersDeps } from './deps';
import { expireOrder } from './expire-order';

/** How far past its expiry a hold may be before orders releases it without the reminder. */
export const OVERDUE_AFTER_MS = 3_000;
/**
 * Holds expired side by side: after an outage of the reminder path many are overdue at once, and
 * one after the other (several store round trips each) the last would wait for all the others.
 */
const IN_PARALLEL = 8;

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
  let next = 0;
  const failures: unknown[] = [];
  // One failure (the store restarting) does not stop the others; the sweep reports it at the end,
  // once nothing of this run is still going, and the next run tries those holds again.
  const worker = async () => {
    while (next < overdue.length) {
      const o = overdue[next++]!;
      try {
        if ((await expireOrder(deps, String(o._id), 'sweep')) === 'released') expired += 1;
      } catch (err) {
        failures.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_PARALLEL, overdue.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return expired;
}
