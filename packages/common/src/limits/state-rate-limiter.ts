import { updateState, type StateStore } from '../state/state-store';
import { noRateLimit, slidingWindow, type RateDecision, type RateLimiter } from './rate-limit';

interface ActionTimes {
  /** Epoch milliseconds of the key's actions still inside the window. */
  at: number[];
}

export interface RateLimit {
  /** Actions per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
  /** Keeps the counts of different limits apart in the one store, e.g. `order-place|user`. */
  name: string;
}

/**
 * A rate limit's counts in a Dapr state store, one key per counted thing, changed under its
 * ETag: two replicas (or two requests) racing for the last slot cannot both take it. Each key
 * expires a window after its last write, so idle keys cost nothing.
 */
export class StateRateLimiter implements RateLimiter {
  private readonly windowMs: number;

  constructor(
    private readonly store: StateStore,
    private readonly rule: RateLimit,
  ) {
    this.windowMs = rule.windowSeconds * 1000;
  }

  take(key: string, now: Date): Promise<RateDecision> {
    return updateState<ActionTimes, RateDecision>(
      this.store,
      this.keyOf(key),
      (current) => {
        const rule = this.apply(current, now);
        if (!rule.allowed) return { result: refused(rule.retryAfterMs) };
        return { value: { at: rule.times }, result: { allowed: true } };
      },
      { ttlSeconds: this.rule.windowSeconds },
    );
  }

  async check(key: string, now: Date): Promise<RateDecision> {
    const current = await this.store.get<ActionTimes>(this.keyOf(key));
    const rule = this.apply(current?.value, now);
    return rule.allowed ? { allowed: true } : refused(rule.retryAfterMs);
  }

  private keyOf(key: string): string {
    return `${this.rule.name}|${key}`;
  }

  private apply(current: ActionTimes | undefined, now: Date) {
    const times = Array.isArray(current?.at) ? current.at : [];
    return slidingWindow(times, now.getTime(), this.rule.limit, this.windowMs);
  }
}

const refused = (retryAfterMs: number): RateDecision => ({
  allowed: false,
  retryAfterSeconds: retryAfterMs / 1000,
});

/** The limiter for `rule` on `store`, or none when the operator set its limit to 0. */
export function stateRateLimiter(store: StateStore, rule: RateLimit): RateLimiter {
  return rule.limit === 0 ? noRateLimit : new StateRateLimiter(store, rule);
}
