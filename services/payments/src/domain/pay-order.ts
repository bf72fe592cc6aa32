import { AppError, conflict, notFound, paymentDeclined } from '@ticketing/common';
import { Types } from 'mongoose';
import {
  findCharge,
  insertClaim,
  reclaim,
  recordDeclined,
  recordFailed,
  recordPending,
  type Charge,
} from '../data/charges';
import { findOrder, type OrderReplica } from '../data/orders';
import { STALE_CLAIM_MS, type PaymentsDeps } from './deps';
import type { PayInput, Payment } from '@ticketing/contracts';
import { GatewayUnavailable, type ChargeResult } from './payment-gateway';
import { admitPayment, countDecline, type Payer } from './payment-limits';
import { settleSucceeded } from './settle-charge';

export type { Payment };

const IN_PROGRESS = 'A payment for this order is already in progress';
const ALREADY_PAID = 'Order is already paid';
const EXPIRED = 'Order has expired';

/**
 * Pays the buyer's own open order: claim the order's charge, then ask Stripe once under the
 * attempt's idempotency key. Resolves with a succeeded payment, or a processing one when Stripe
 * settles later (its webhook finishes it).
 */
export async function payOrder(
  deps: PaymentsDeps,
  payer: Payer,
  input: PayInput,
): Promise<Payment> {
  const { user } = payer;
  const order = await findOrder(input.orderId);
  if (!order) throw notFound('Order not found');
  // Someone else's order answers like a missing one, as reading it does: no probing for ids.
  if (order.userId !== user.id) throw notFound('Order not found');
  assertOpen(order, deps.now());
  await admitPayment(deps, payer, order.id);

  const charge = await claimCharge(deps, order, input.paymentMethod);
  const result = await askGateway(deps, charge);
  switch (result.status) {
    case 'declined':
      await recordDeclined(
        charge.orderId,
        charge.attempt,
        { intentId: result.intentId ?? null, message: result.message },
        deps.now(),
      );
      await countDecline(deps, user, charge.orderId);
      throw paymentDeclined(result.message);
    case 'pending':
      await recordPending(charge.orderId, charge.attempt, result.intentId);
      return toPayment(charge, result.intentId, 'processing');
    case 'succeeded': {
      const settled = await settleSucceeded(deps, charge.orderId, result.intentId);
      if (settled?.refund) {
        throw conflict(
          settled.refund === 'refunded'
            ? 'Order was cancelled; the charge was refunded'
            : 'Order was cancelled; the charge will be refunded',
        );
      }
      return toPayment(settled?.charge ?? charge, result.intentId, 'succeeded');
    }
  }
}

function assertOpen(order: OrderReplica, now: Date): void {
  if (order.status === 'cancelled') throw conflict('Order is cancelled');
  if (order.status === 'complete') throw conflict(ALREADY_PAID);
  if (order.expiresAt.getTime() <= now.getTime()) throw conflict(EXPIRED);
}

/**
 * Takes the order's charge for this request, or answers 409. The first payment inserts it;
 * after a decline a new attempt (new idempotency key) may use another card; after an unknown
 * outcome (Stripe unreachable, or a process that died mid-call and left it `processing` for a
 * minute) the same attempt is repeated with the same key and card, so Stripe answers with the
 * first result instead of charging again.
 */
async function claimCharge(
  deps: PaymentsDeps,
  order: OrderReplica,
  paymentMethod: string,
): Promise<Charge> {
  const now = deps.now();
  const inserted = await insertClaim(
    {
      orderId: order.id,
      paymentId: new Types.ObjectId().toHexString(),
      amount: order.price,
      currency: order.currency,
      userId: order.userId,
      paymentMethod,
    },
    now,
  );
  if (inserted) return inserted;

  const current = await findCharge(order.id);
  if (!current) throw conflict(IN_PROGRESS);
  let claimed: Charge | undefined;
  switch (current.state) {
    case 'succeeded':
      throw conflict(ALREADY_PAID);
    case 'declined':
      claimed = await reclaim(current, { attempt: current.attempt + 1, paymentMethod }, now);
      break;
    case 'processing':
      if (now.getTime() - current.updatedAt.getTime() < STALE_CLAIM_MS) throw conflict(IN_PROGRESS);
      deps.logger.warn(
        { orderId: order.id, attempt: current.attempt },
        'taking over a stale payment attempt',
      );
      claimed = await reclaim(current, current, now);
      break;
    case 'failed':
      claimed = await reclaim(current, current, now);
      break;
    case 'void':
      throw conflict(EXPIRED);
  }
  if (claimed) return claimed;
  // Someone else moved it between our read and our claim: paid, voided by expiry, or retried.
  const state = (await findCharge(order.id))?.state;
  throw conflict(state === 'succeeded' ? ALREADY_PAID : state === 'void' ? EXPIRED : IN_PROGRESS);
}

async function askGateway(deps: PaymentsDeps, charge: Charge): Promise<ChargeResult> {
  try {
    return await deps.gateway.charge({
      orderId: charge.orderId,
      attempt: charge.attempt,
      amount: charge.amount,
      currency: charge.currency,
      paymentMethod: charge.paymentMethod,
    });
  } catch (err) {
    // Release the claim at once (not after a minute) so the buyer can retry the same attempt.
    await recordFailed(charge.orderId, charge.attempt, deps.now());
    if (err instanceof GatewayUnavailable) {
      deps.logger.warn({ err, orderId: charge.orderId }, 'payment provider unavailable');
      throw new AppError(502, 'Payment provider unavailable');
    }
    throw err;
  }
}

function toPayment(charge: Charge, intentId: string, state: Payment['state']): Payment {
  return {
    id: charge.paymentId,
    orderId: charge.orderId,
    intentId,
    amount: charge.amount,
    currency: charge.currency,
    state,
  };
}
