import { isDuplicateKey, outboxField, type OutboxEntry } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * `void`: the order expired with nothing charged, and no payment may start for it any more
 * (orders asks for this before it releases an expired hold; see `voidUnpaidCharge`).
 */
export const CHARGE_STATES = ['processing', 'succeeded', 'declined', 'failed', 'void'] as const;
export type ChargeState = (typeof CHARGE_STATES)[number];

/**
 * The one charge of an order (`_id` = order id). Inserting it, or moving it back to
 * `processing`, is the claim that lets exactly one request talk to Stripe for the order.
 */
export interface Charge {
  orderId: string;
  /** The payment's public id, made once with the claim so every path reports the same one. */
  paymentId: string;
  state: ChargeState;
  /** Numbers the Stripe idempotency key; a new attempt only after a decline. */
  attempt: number;
  intentId: string | null;
  amount: number;
  currency: string;
  userId: string;
  paymentMethod: string;
  declineMessage: string | null;
  /** Set once a refund is owed (the order was cancelled); a sweeper retries until refundedAt. */
  refundDueAt: Date | null;
  refundClaimedAt: Date | null;
  refundedAt: Date | null;
  updatedAt: Date;
}

const chargeSchema = new Schema(
  {
    _id: { type: String, required: true },
    paymentId: { type: String, required: true },
    state: { type: String, enum: CHARGE_STATES, required: true },
    attempt: { type: Number, required: true },
    intentId: { type: String, default: null },
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
    userId: { type: String, required: true },
    paymentMethod: { type: String, required: true },
    declineMessage: { type: String, default: null },
    refundDueAt: { type: Date, default: null },
    refundClaimedAt: { type: Date, default: null },
    refundedAt: { type: Date, default: null },
    // Set from the domain's clock, not mongoose timestamps: the stale-claim rule reads it.
    updatedAt: { type: Date, required: true },
    outbox: outboxField,
  },
  { versionKey: false, collection: 'charges' },
);

export const ChargeModel = model('Charge', chargeSchema);

type ChargeDoc = Omit<Charge, 'orderId'> & { _id: string; outbox?: unknown };
const toCharge = ({ _id, outbox: _outbox, ...rest }: ChargeDoc): Charge => ({
  orderId: _id,
  ...rest,
});
const after = { new: true } as const;

export async function findCharge(orderId: string): Promise<Charge | undefined> {
  const doc = await ChargeModel.findById(orderId).lean<ChargeDoc>();
  return doc ? toCharge(doc) : undefined;
}

export interface NewClaim {
  orderId: string;
  paymentId: string;
  amount: number;
  currency: string;
  userId: string;
  paymentMethod: string;
}

/** The first claim of an order: attempt 1. Undefined when the order already has a charge. */
export async function insertClaim(claim: NewClaim, now: Date): Promise<Charge | undefined> {
  const { orderId, ...rest } = claim;
  try {
    const doc = await ChargeModel.create({
      _id: orderId,
      ...rest,
      state: 'processing',
      attempt: 1,
      updatedAt: now,
    });
    return toCharge(doc.toObject() as ChargeDoc);
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

/**
 * Closes an order's charge for good unless money was taken or is being taken: no charge yet
 * becomes a `void` one (so a payment that passed its expiry check a moment ago cannot claim it),
 * and a declined or failed one becomes `void` (so it cannot be retried). A `processing` or
 * `succeeded` charge is returned as it is, for the caller to wait for. Every claim is a
 * conditional write on the same document, so a payment either claimed first or finds it void.
 */
export async function voidUnpaidCharge(orderId: string, now: Date): Promise<Charge> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await findCharge(orderId);
    if (!current) {
      try {
        // Nothing was paid, so the payment's fields stay empty (validation would demand them).
        const doc = new ChargeModel({
          _id: orderId,
          paymentId: '',
          state: 'void',
          attempt: 0,
          amount: 0,
          currency: '',
          userId: '',
          paymentMethod: '',
          updatedAt: now,
        });
        await doc.save({ validateBeforeSave: false });
        return toCharge(doc.toObject() as ChargeDoc);
      } catch (err) {
        if (isDuplicateKey(err)) continue; // a payment claimed it first: read what it is now
        throw err;
      }
    }
    if (current.state !== 'declined' && current.state !== 'failed') return current;
    const doc = await ChargeModel.findOneAndUpdate(
      {
        _id: orderId,
        state: current.state,
        attempt: current.attempt,
        updatedAt: current.updatedAt,
      },
      { $set: { state: 'void', updatedAt: now } },
      after,
    ).lean<ChargeDoc>();
    if (doc) return toCharge(doc);
  }
  throw new Error(`the charge of order ${orderId} kept changing while being voided`);
}

/**
 * Moves a charge back to `processing` only if it is still exactly as the caller read it
 * (state, attempt and updatedAt act as a compare-and-swap token). Sets `attempt` to the given
 * value instead of incrementing: should two claims ever both match, they still share one
 * idempotency key, so Stripe charges once.
 */
export async function reclaim(
  seen: Pick<Charge, 'orderId' | 'state' | 'attempt' | 'updatedAt'>,
  next: { attempt: number; paymentMethod: string },
  now: Date,
): Promise<Charge | undefined> {
  const doc = await ChargeModel.findOneAndUpdate(
    { _id: seen.orderId, state: seen.state, attempt: seen.attempt, updatedAt: seen.updatedAt },
    {
      $set: {
        state: 'processing',
        attempt: next.attempt,
        paymentMethod: next.paymentMethod,
        declineMessage: null,
        updatedAt: now,
      },
    },
    after,
  ).lean<ChargeDoc>();
  return doc ? toCharge(doc) : undefined;
}

/**
 * Records the money as taken, with `payment.created` in the same write. Applies from any state
 * but `succeeded` (a success Stripe reports must never be lost); undefined when it already was.
 */
export async function recordSucceeded(
  orderId: string,
  intentId: string,
  event: OutboxEntry,
  now: Date,
): Promise<Charge | undefined> {
  const doc = await ChargeModel.findOneAndUpdate(
    { _id: orderId, state: { $ne: 'succeeded' } },
    {
      $set: { state: 'succeeded', intentId, declineMessage: null, updatedAt: now },
      $push: { outbox: event },
    },
    after,
  ).lean<ChargeDoc>();
  return doc ? toCharge(doc) : undefined;
}

/** A decline of this attempt, unless the charge moved on (another attempt, or a success). */
export async function recordDeclined(
  orderId: string,
  attempt: number,
  outcome: { intentId: string | null; message: string },
  now: Date,
): Promise<boolean> {
  const result = await ChargeModel.updateOne(
    { _id: orderId, attempt, state: { $in: ['processing', 'failed'] } },
    {
      $set: {
        state: 'declined',
        intentId: outcome.intentId,
        declineMessage: outcome.message,
        updatedAt: now,
      },
    },
  );
  return result.modifiedCount === 1;
}

/** The outcome of this attempt is unknown: a retry repeats it with the same key. */
export async function recordFailed(orderId: string, attempt: number, now: Date): Promise<boolean> {
  const result = await ChargeModel.updateOne(
    { _id: orderId, attempt, state: 'processing' },
    { $set: { state: 'failed', updatedAt: now } },
  );
  return result.modifiedCount === 1;
}

/** Stripe took the payment but has not settled it; the webhook will. */
export async function recordPending(
  orderId: string,
  attempt: number,
  intentId: string,
): Promise<void> {
  await ChargeModel.updateOne(
    { _id: orderId, attempt, state: 'processing' },
    { $set: { intentId } },
  );
}

/** Notes that the charge must be refunded; a no-op unless it succeeded. */
export async function markRefundDue(orderId: string, now: Date): Promise<void> {
  await ChargeModel.updateOne(
    { _id: orderId, state: 'succeeded', refundDueAt: null },
    { $set: { refundDueAt: now } },
  );
}

/**
 * Takes the right to call Stripe's refund for a charge that owes one; a claim older than
 * `staleBefore` belongs to a crashed process and may be taken over.
 */
export async function claimRefund(
  orderId: string,
  now: Date,
  staleBefore: Date,
): Promise<Charge | undefined> {
  const doc = await ChargeModel.findOneAndUpdate(
    {
      _id: orderId,
      state: 'succeeded',
      refundDueAt: { $ne: null },
      refundedAt: null,
      $or: [{ refundClaimedAt: null }, { refundClaimedAt: { $lt: staleBefore } }],
    },
    { $set: { refundClaimedAt: now } },
    after,
  ).lean<ChargeDoc>();
  return doc ? toCharge(doc) : undefined;
}

export async function recordRefunded(orderId: string, now: Date): Promise<void> {
  await ChargeModel.updateOne(
    { _id: orderId, refundedAt: null },
    { $set: { refundedAt: now, refundClaimedAt: null } },
  );
}

/** Gives a failed refund back to the sweeper. */
export async function releaseRefundClaim(orderId: string, claimedAt: Date): Promise<void> {
  await ChargeModel.updateOne(
    { _id: orderId, refundClaimedAt: claimedAt },
    { $set: { refundClaimedAt: null } },
  );
}

export async function findRefundsDue(limit: number): Promise<string[]> {
  const docs = await ChargeModel.find(
    { state: 'succeeded', refundDueAt: { $ne: null }, refundedAt: null },
    { _id: 1 },
  )
    .limit(limit)
    .lean<{ _id: string }[]>();
  return docs.map((d) => d._id);
}
