import { notSignedIn } from '@ticketing/common';
import { findCredentials, type User } from '../data/users';
import type { SignInInput } from '@ticketing/contracts';
import { verifyNothing, verifyPassword } from './password-hash';
import type { SigninLimiter } from './signin-limiter';

// One message for an unknown email and a wrong password, so neither tells which it was.
export const INVALID_CREDENTIALS = 'Invalid email or password';

export async function signIn(
  input: SignInInput,
  clientIp: string,
  limiter: SigninLimiter,
): Promise<{ user: User; sessionVersion: number }> {
  await limiter.admit(input.email, clientIp);
  const found = await findCredentials({ email: input.email });
  const valid = found
    ? await verifyPassword(input.password, found.passwordHash)
    : await verifyNothing(input.password);
  if (!found || !valid) throw notSignedIn(INVALID_CREDENTIALS);
  return { user: found.user, sessionVersion: found.sessionVersion ?? 0 };
}
