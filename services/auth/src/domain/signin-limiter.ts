import { addressKey, tooManyRequests } from '@ticketing/common';
import { claimSlot, dropSlotsBefore } from '../data/attempt-slots';

export interface SigninLimits {
  windowSeconds: number;
  /** Without it only addresses are counted (sign-in keys its email side on email+client). */
  maxPerEmail?: number;
  maxPerIp: number;
  /** Keeps the counts of different limits apart; `signin` by default. */
  name?: string;
}

export interface SigninLimiter {
  /** Counts one attempt for the email and the address; throws 429 once either is over its limit. */
  admit(email: string, clientIp: string): Promise<void>;
}

/** Fixed windows counted in the database, so every replica sees the same counts. */
export function createSigninLimiter(
  limits: SigninLimits,
  clock: () => number = Date.now,
): SigninLimiter {
  const windowMs = limits.windowSeconds * 1000;
  const name = limits.name ?? 'signin';
  let sweptBefore = -1;

  return {
    async admit(email, clientIp) {
      const now = clock();
      const start = now - (now % windowMs);
      const windowStart = new Date(start);
      const [emailOk, ipOk] = await Promise.all([
        limits.maxPerEmail === undefined ||
          claimSlot(`${name}:email:${email}`, windowStart, limits.maxPerEmail),
        claimSlot(`${name}:ip:${addressKey(clientIp)}`, windowStart, limits.maxPerIp),
      ]);
      // Once per window and process, clear the windows that are over (FerretDB has no TTL index).
      if (sweptBefore !== start) {
        await dropSlotsBefore(windowStart);
        sweptBefore = start;
      }
      if (!emailOk || !ipOk) throw tooManyRequests((start + windowMs - now) / 1000);
    },
  };
}
