import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * The sign-in attempts of one email from one client, numbered. Each admitted attempt inserts the
 * next number, and a unique index lets each number be taken once, so two attempts racing for the
 * same account from the same client cannot both pass the backoff (FerretDB 1.x loses concurrent
 * `$inc`s; see attempt-slots.ts). The newest record holds the failure count and when it was made.
 */
const attemptSchema = new Schema(
  {
    key: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    failures: { type: Number, required: true },
  },
  { versionKey: false },
);
attemptSchema.index({ key: 1, seq: 1 }, { unique: true });
attemptSchema.index({ at: 1 });

export const SigninAttemptModel = model('SigninAttempt', attemptSchema, 'signin_attempts');

export interface LastAttempt {
  seq: number;
  at: Date;
  failures: number;
}

export async function lastAttempt(key: string): Promise<LastAttempt | undefined> {
  const doc = await SigninAttemptModel.findOne({ key }).sort({ seq: -1 }).lean();
  return doc ? { seq: doc.seq, at: doc.at, failures: doc.failures } : undefined;
}

/** Takes attempt number `seq`; false when another attempt took it first. */
export async function takeAttempt(key: string, attempt: LastAttempt): Promise<boolean> {
  try {
    await SigninAttemptModel.create({ key, ...attempt });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  await SigninAttemptModel.deleteMany({ key, seq: { $lt: attempt.seq } });
  return true;
}

export async function clearFailures(key: string, seq: number): Promise<void> {
  await SigninAttemptModel.updateOne({ key, seq }, { $set: { failures: 0 } });
}

/** Drops the records no backoff depends on any more (FerretDB has no TTL index). */
export async function dropAttemptsBefore(at: Date): Promise<void> {
  await SigninAttemptModel.deleteMany({ at: { $lt: at } });
}
