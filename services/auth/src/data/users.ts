import { isDuplicateKey } from '@ticketing/common';
import type { User } from '@ticketing/contracts';
import { Schema, Types, model } from 'mongoose';

export type { User };

const userSchema = new Schema(
  {
    // The unique index is what keeps emails unique, also under concurrent sign-ups.
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    /** Raised to end every session: tokens carry the version they were signed with (decision 011). */
    sessionVersion: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false },
);

export const UserModel = model('User', userSchema);

const toUser = (doc: { _id: Types.ObjectId; email: string }): User => ({
  id: doc._id.toHexString(),
  email: doc.email,
});

/** Inserts a user; undefined when the email is already taken. */
export async function insertUser(email: string, passwordHash: string): Promise<User | undefined> {
  try {
    return toUser(await UserModel.create({ email, passwordHash }));
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

/** The only read that returns a password hash: for checking a password, never for a response. */
export async function findCredentials(
  by: { email: string } | { id: string },
): Promise<{ user: User; passwordHash: string; sessionVersion: number } | undefined> {
  if ('id' in by && !Types.ObjectId.isValid(by.id)) return undefined;
  const filter = 'email' in by ? { email: by.email } : { _id: by.id };
  const doc = await UserModel.findOne(filter, {
    email: 1,
    passwordHash: 1,
    sessionVersion: 1,
  }).lean();
  if (!doc) return undefined;
  return { user: toUser(doc), passwordHash: doc.passwordHash, sessionVersion: doc.sessionVersion };
}

/** A user by id or email, without anything secret. */
export async function findUser(by: { email: string } | { id: string }): Promise<User | undefined> {
  return (await findCredentials(by))?.user;
}

/** The user's current session version; undefined for no such user. */
export async function sessionVersionOf(id: string): Promise<number | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  const doc = await UserModel.findById(id, { sessionVersion: 1 }).lean();
  return doc ? (doc.sessionVersion ?? 0) : undefined;
}

/** Sets a new password and ends every session of the user; false for no such user. */
export async function setPasswordEndingSessions(id: string, newHash: string): Promise<boolean> {
  const result = await UserModel.updateOne(
    { _id: id },
    { $set: { passwordHash: newHash }, $inc: { sessionVersion: 1 } },
  );
  return result.matchedCount === 1;
}

/**
 * Swaps the hash only if it is still the one the caller verified against, and ends every session
 * of the user (the caller starts a new one): the new session version, or undefined when the hash
 * had changed meanwhile. On MongoDB only one of two racing changes wins. FerretDB 1.x on SQLite does
 * not apply the filter atomically (FerretDB/FerretDB#3040), so there both can, and the last write
 * stays: both callers knew the current password, so no one gains access they did not have.
 */
export async function replacePasswordHash(
  id: string,
  verifiedHash: string,
  newHash: string,
): Promise<number | undefined> {
  const doc = await UserModel.findOneAndUpdate(
    { _id: id, passwordHash: verifiedHash },
    { $set: { passwordHash: newHash }, $inc: { sessionVersion: 1 } },
    // No projection: FerretDB 1.x does not implement `fields` on findAndModify.
    { new: true },
  ).lean();
  return doc ? (doc.sessionVersion ?? 0) : undefined;
}

/**
 * Stores the same password at a higher cost, only if the hash is still the verified one and the
 * hash unchanged. Sessions go on: nothing changed for
 * the user. On FerretDB 1.x the filter is not atomic (see above), so a change landing in the same
 * instant could be overwritten by the old password's new hash; the window is one update long.
 */
export async function upgradePasswordHash(
  id: string,
  verifiedHash: string,
  newHash: string,
): Promise<void> {
  await UserModel.updateOne(
    { _id: id, passwordHash: verifiedHash },
    { $set: { passwordHash: newHash } },
  );
}
