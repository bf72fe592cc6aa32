import { admit, conflict, type RateLimiter } from '@ticketing/common';
import type { SignUpInput } from '@ticketing/contracts';
import type { Logger } from 'pino';
import { insertUser, type User } from '../data/users';
import { hashPassword } from './password-hash';

export interface SignupDeps {
  /** Sign-ups per client address. */
  limiter: RateLimiter;
  logger: Logger;
  now: () => Date;
}

export async function signUp(deps: SignupDeps, input: SignUpInput, client: string): Promise<User> {
  await admit([{ limiter: deps.limiter, key: client }], {
    now: deps.now(),
    logger: deps.logger,
    tooFast: (s) => `Too many sign-ups from this address: try again in ${s} s`,
    unavailable: 'Sign-up is unavailable just now; try again in a moment',
  });
  const passwordHash = await hashPassword(input.password);
  const user = await insertUser(input.email, passwordHash);
  if (!user) throw conflict('Email is already in use', 'email');
  return user;
}
