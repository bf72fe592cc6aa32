import { AppError, notSignedIn, type UserPayload } from '@ticketing/common';
import { findCredentials, replacePasswordHash } from '../data/users';
import type { ChangePasswordInput } from '@ticketing/contracts';
import { hashPassword, verifyPassword } from './password-hash';
import type { SigninGuard } from './signin-backoff';

const WRONG_CURRENT = 'Current password is incorrect';
const wrongCurrentPassword = () =>
  new AppError(403, WRONG_CURRENT, [{ message: WRONG_CURRENT, field: 'currentPassword' }]);

/**
 * Sets the new password and ends every session of the user, this one too: returns the new
 * session version, for the session the caller starts in its place.
 */
export async function changePassword(
  who: UserPayload,
  input: ChangePasswordInput,
  clientIp: string,
  limiter: SigninGuard,
): Promise<number> {
  // Checking the current password is a password guess like a sign-in, so it counts like one.
  const attempt = await limiter.admit(who.email, clientIp);
  const found = await findCredentials({ id: who.id });
  if (!found) throw notSignedIn();
  if (!(await verifyPassword(input.currentPassword, found.passwordHash)))
    throw wrongCurrentPassword();
  await attempt.succeeded();
  const newHash = await hashPassword(input.newPassword);
  // Another change got in between: the password just checked is no longer the current one.
  const sessionVersion = await replacePasswordHash(found.user.id, found.passwordHash, newHash);
  if (sessionVersion === undefined) throw wrongCurrentPassword();
  return sessionVersion;
}
