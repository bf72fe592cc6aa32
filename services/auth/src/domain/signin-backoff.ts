import { addressKey, tooManyRequests } from '@ticketing/common';
import {
  clearFailures,
  dropAttemptsBefore,
  lastAttempt,
  takeAttempt,
} from '../data/signin-failures';
import { createSigninLimiter } from './signin-limiter';

export interface BackoffLimits {
  /** Failed attempts of one email from one client that need no wait. */
  freeFailures: number;
  /** The wait after the first failure over the free ones; it doubles with each further one. */
  baseSeconds: number;
  maxSeconds: number;
  /** Attempts of one client across all emails in a window (a fixed-window count). */
  windowSeconds: number;
  maxPerIp: number;
}

export interface SigninAttempt {
  /** The password was right: this client's failures for this email are forgotten. */
  succeeded(): Promise<void>;
}

export interface SigninGuard {
  /**
   * Admits one password check of `email` by `clientIp`, or throws 429 with Retry-After: while the
   * client's backoff for that email runs, or while its previous check is still running, or once
   * the client is over its window across emails. Until `succeeded`, the attempt counts as failed,
   * so a crash or a dropped connection cannot reset the count.
   */
  admit(email: string, clientIp: string): Promise<SigninAttempt>;
}

/** Seconds to wait after `failures` failed attempts in a row. */
export function backoffSeconds(failures: number, limits: BackoffLimits): number {
  const over = failures - limits.freeFailures;
  if (over < 0) return 0;
  return Math.min(limits.baseSeconds * 2 ** over, limits.maxSeconds);
}

/**
 * Exponential backoff per email and client, not a lock per email: someone who fails against a
 * victim's email slows only themselves, and the victim signs in from their own client. Guessing
 * from many clients is held by the per-client window (IPv6 counted by /64).
 */
export function createSigninGuard(limits: BackoffLimits, clock: () => number): SigninGuard {
  const perIp = createSigninLimiter(
    { windowSeconds: limits.windowSeconds, maxPerIp: limits.maxPerIp },
    clock,
  );
  let sweptAt = -Infinity;

  return {
    async admit(email, clientIp) {
      const now = clock();
      const key = `${email}\n${addressKey(clientIp)}`;
      const last = await lastAttempt(key);
      if (last) {
        const waitMs = last.at.getTime() + backoffSeconds(last.failures, limits) * 1000 - now;
        if (waitMs > 0) throw tooManyRequests(waitMs / 1000);
      }
      await perIp.admit(email, clientIp);
      const seq = (last?.seq ?? 0) + 1;
      const failures = (last?.failures ?? 0) + 1;
      // Another check of this email from this client got the number first: it is still running.
      if (!(await takeAttempt(key, { seq, at: new Date(now), failures }))) throw tooManyRequests(1);
      if (now - sweptAt > limits.maxSeconds * 1000) {
        sweptAt = now;
        await dropAttemptsBefore(new Date(now - 2 * limits.maxSeconds * 1000));
      }
      return { succeeded: () => clearFailures(key, seq) };
    },
  };
}
