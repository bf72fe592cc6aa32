import { updateState, type StateStore } from '@ticketing/common';
import { slidingWindow, type RateDecision, type RateLimiter } from '../domain/rate-limit';

interface WriteTimes {
  /** Epoch milliseconds of the user's writes still inside the window. */
  at: number[];
}

/**
 * The rate limit's counts in a Dapr state store, one key per user, changed under its ETag: two
 * replicas (or two requests) racing for a user's last slot cannot both take it. Each key expires
 * a window after its last write, so idle users cost nothing.
 */
export class StateRateLimiter implements RateLimiter {
  constructor(
    private readonly store: StateStore,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly keyPrefix = 'comment-writes',
  ) {}

  take(userId: string, now: Date): Promise<RateDecision> {
    return updateState<WriteTimes, RateDecision>(
      this.store,
      `${this.keyPrefix}|${userId}`,
      (current) => {
        const rule = slidingWindow(current?.at ?? [], now.getTime(), this.limit, this.windowMs);
        if (!rule.allowed)
          return { result: { allowed: false, retryAfterSeconds: rule.retryAfterMs / 1000 } };
        return { value: { at: rule.times }, result: { allowed: true } };
      },
      { ttlSeconds: this.windowMs / 1000 },
    );
  }
}
