import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * Sessions ended one at a time (signing out), by the session id their token carries (`jti`),
 * kept until the token would have expired anyway (decision 011).
 */
const endedSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
endedSessionSchema.index({ userId: 1, expiresAt: 1 });

export const EndedSessionModel = model('EndedSession', endedSessionSchema, 'ended_sessions');

/** Ends one session; ending it twice is the same as once. */
export async function endSession(id: string, userId: string, expiresAt: Date): Promise<void> {
  try {
    await EndedSessionModel.create({ _id: id, userId, expiresAt });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** The ids of the user's ended sessions whose tokens have not expired yet. */
export async function endedSessionsOf(userId: string, now: Date): Promise<string[]> {
  const docs = await EndedSessionModel.find({ userId, expiresAt: { $gt: now } }, { _id: 1 }).lean<
    { _id: string }[]
  >();
  return docs.map((d) => d._id);
}

/** Forgets ended sessions whose tokens have expired (FerretDB has no TTL index). */
export async function dropExpiredEndedSessions(now: Date): Promise<void> {
  await EndedSessionModel.deleteMany({ expiresAt: { $lte: now } });
}
