import { notSignedIn } from '@ticketing/common';
import { findCredentials, upgradePasswordHash, type User } from '../data/users';
import type { SignInInput } from '@ticketing/contracts';
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from './password-hash';
import type { SigninGuard } from './signin-backoff';

// One message for an unknown email and a wrong password, so neither tells which it was.
export const INVALID_CREDENTIALS = 'Invalid email or password';

export async function signIn(
  input: SignInInput,
  clientIp: string,
  limiter: SigninGuard,
): Promise<{ user: User; sessionVersion: number }> {
  const attempt = await limiter.admit(input.email, clientIp);
  const found = await findCredentials({ email: input.email });
  const valid = found
    ? await verifyPassword(input.password, found.passwordHash)
    : await verifyNothing(input.password);
  if (!found || !valid) throw notSignedIn(INVALID_CREDENTIALS);
  await attempt.succeeded();
  // The one moment the password is known: store it again if its hash is older than today's cost.
  if (needsRehash(found.passwordHash)) {
    const newHash = await hashPassword(input.password);
    await upgradePasswordHash(found.user.id, found.passwordHash, newHash);
  }
  return { user: found.user, sessionVersion: found.sessionVersion ?? 0 };
}
