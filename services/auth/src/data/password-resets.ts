import { createHash } from 'node:crypto';
// Loaded first so its write-lock plugin (decision 004) is on this schema when it compiles.
import '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * Reset links. Only a hash of each token is stored, so a copy of the database cannot reset
 * anyone's password. A token is used once: `usedAt` is set by the use that wins.
 */
const resetSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true, versionKey: false },
);
resetSchema.index({ userId: 1 });

export const PasswordResetModel = model('PasswordReset', resetSchema, 'password_resets');

export const hashResetToken = (token: string) =>
  createHash('sha256').update(token, 'utf8').digest('base64url');

export async function insertReset(token: string, userId: string, expiresAt: Date): Promise<void> {
  await PasswordResetModel.create({ tokenHash: hashResetToken(token), userId, expiresAt });
}

/**
 * Marks the token used if it is unused and unexpired, and returns whose it was. The update names
 * the document by `_id`, so the per-document write lock (decision 004) makes one use win on
 * FerretDB too.
 */
export async function consumeReset(token: string, now: Date): Promise<string | undefined> {
  const found = await PasswordResetModel.findOne(
    { tokenHash: hashResetToken(token) },
    { _id: 1 },
  ).lean();
  if (!found) return undefined;
  const doc = await PasswordResetModel.findOneAndUpdate(
    { _id: found._id, usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
    { new: true },
  ).lean();
  return doc?.userId;
}

/** Every other link of the user stops working once one was used. */
export async function retireResets(userId: string, now: Date): Promise<void> {
  await PasswordResetModel.updateMany({ userId, usedAt: null }, { $set: { usedAt: now } });
}
