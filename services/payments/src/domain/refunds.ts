import {
  claimRefund,
  findCharge,
  findRefundsDue,
  markRefundDue,
  recordRefunded,
  releaseRefundClaim,
} from '../data/charges';
import { STALE_CLAIM_MS, type PaymentsDeps } from './deps';

export type RefundOutcome =
  /** The money is back (now or earlier). */
  | 'refunded'
  /** Nothing was taken, so nothing is owed. */
  | 'not-owed'
  /** Another process holds the refund claim; the sweeper finishes it if that process died. */
  | 'in-progress'
  /** Stripe refused or did not answer; the refund stays due and is retried. */
  | 'failed';

/**
 * Refunds the order's charge if it succeeded; call only for a cancelled order. Safe to call
 * any number of times, from any process: the refund is first recorded as due, then claimed,
 * and Stripe is called under the idempotency key `refund_<orderId>`.
 */
export async function refundIfCharged(deps: PaymentsDeps, orderId: string): Promise<RefundOutcome> {
  await markRefundDue(orderId, deps.now());
  return performDueRefund(deps, orderId);
}

export async function performDueRefund(
  deps: PaymentsDeps,
  orderId: string,
): Promise<RefundOutcome> {
  const now = deps.now();
  const claimed = await claimRefund(orderId, now, new Date(now.getTime() - STALE_CLAIM_MS));
  if (!claimed) {
    const charge = await findCharge(orderId);
    if (charge?.refundedAt) return 'refunded';
    if (!charge || charge.state !== 'succeeded') return 'not-owed';
    return 'in-progress';
  }
  try {
    if (!claimed.intentId) throw new Error('succeeded charge without a PaymentIntent id');
    await deps.gateway.refund(claimed.intentId, orderId);
  } catch (err) {
    deps.logger.error({ err, orderId }, 'refund failed; it stays due and will be retried');
    await releaseRefundClaim(orderId, now);
    return 'failed';
  }
  await recordRefunded(orderId, deps.now());
  deps.logger.info({ orderId, intentId: claimed.intentId }, 'charge refunded');
  return 'refunded';
}

/** Retries refunds that are due but not done (Stripe was down, or the process died). */
export async function sweepDueRefunds(deps: PaymentsDeps, batch = 20): Promise<void> {
  for (const orderId of await findRefundsDue(batch)) {
    await performDueRefund(deps, orderId);
  }
}
