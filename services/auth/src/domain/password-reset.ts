import { randomBytes } from 'node:crypto';
import { AppError } from '@ticketing/common';
import type { PasswordResetInput, PasswordResetRequestInput } from '@ticketing/contracts';
import type { Logger } from 'pino';
import { consumeReset, insertReset, retireResets } from '../data/password-resets';
import { findUser, setPasswordEndingSessions } from '../data/users';
import { sendWithRetries } from './send-mail';
import { resetMail } from './mail-templates';
import type { Mailer } from './mailer';
import { hashPassword } from './password-hash';
import type { SigninLimiter } from './signin-limiter';

export interface ResetDeps {
  logger: Logger;
  now(): Date;
  mailer: Mailer;
  /** Counts "forgot password" requests per email and per client address. */
  limiter: SigninLimiter;
  /** The web origin the link points at, e.g. http://localhost:3000. */
  publicOrigin: string;
  tokenTtlSeconds: number;
  /** Runs work after the answer has gone (tests wait for it). */
  later(name: string, job: () => Promise<void>): void;
}

export const RESET_REQUESTED =
  'If an account exists for that email, a link to set a new password is on its way.';

/**
 * "Forgot password". Everything that depends on whether the account exists happens after the
 * answer, so neither the answer nor its timing tells. The link carries a random token; only its
 * hash is stored.
 */
export async function requestPasswordReset(
  input: PasswordResetRequestInput,
  clientIp: string,
  deps: ResetDeps,
): Promise<void> {
  await deps.limiter.admit(input.email, clientIp);
  deps.later('password reset mail', async () => {
    const user = await findUser({ email: input.email });
    if (!user) return;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(deps.now().getTime() + deps.tokenTtlSeconds * 1000);
    await insertReset(token, user.id, expiresAt);
    const link = `${deps.publicOrigin}/reset-password?token=${token}`;
    const minutes = Math.round(deps.tokenTtlSeconds / 60);
    await sendWithRetries(deps.mailer, resetMail(user.email, link, minutes), deps.logger);
  });
}

const INVALID_LINK = 'This reset link is invalid, already used or expired; ask for a new one';
const invalidLink = () =>
  new AppError(400, INVALID_LINK, [{ message: INVALID_LINK, field: 'token' }]);

/** Sets the new password and ends every session of the account; the token works once. */
export async function resetPassword(
  input: PasswordResetInput,
  deps: Pick<ResetDeps, 'now'>,
): Promise<void> {
  const now = deps.now();
  const userId = await consumeReset(input.token, now);
  if (!userId) throw invalidLink();
  const newHash = await hashPassword(input.password);
  if (!(await setPasswordEndingSessions(userId, newHash))) throw invalidLink();
  await retireResets(userId, now);
}
