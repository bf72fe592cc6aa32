import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import type { RateDecision, RateLimiter } from './rate-limit';

/** One limit to pass: a limiter and the key it counts (a user id, a client address). */
export interface LimitCheck {
  limiter: RateLimiter;
  key: string;
}

export interface AdmitOptions {
  now: Date;
  logger: Pick<Logger, 'error'>;
  /** What the 429 says, given the seconds to wait, e.g. `You are ordering too fast: ...`. */
  tooFast: (seconds: number) => string;
  /** What the 503 says when the counts cannot be read. */
  unavailable: string;
  /** `check` counts nothing (for limits counted after the fact, like declined payments). */
  mode?: 'take' | 'check';
}

/**
 * Passes every limit or throws: 429 with `Retry-After` (the longest wait of the limits refused),
 * or 503 when a store cannot be reached, since a limit without its counts cannot hold (it fails
 * closed). Limits are taken one after the other, so a refusal by the first counts nothing in the
 * next; the per-user limit goes first, so one client cannot spend others' shared address budget.
 */
export async function admit(checks: LimitCheck[], opts: AdmitOptions): Promise<void> {
  for (const { limiter, key } of checks) {
    let decision: RateDecision;
    try {
      decision =
        opts.mode === 'check'
          ? await limiter.check(key, opts.now)
          : await limiter.take(key, opts.now);
    } catch (err) {
      opts.logger.error({ err }, 'rate limit store unavailable');
      throw new AppError(503, opts.unavailable, undefined, false, { 'Retry-After': '5' });
    }
    if (decision.allowed) continue;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterSeconds));
    throw new AppError(429, opts.tooFast(seconds), undefined, false, {
      'Retry-After': String(seconds),
    });
  }
}
