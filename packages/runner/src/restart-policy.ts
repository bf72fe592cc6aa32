/**
 * When to bring a crashed process back: exponential backoff from 1 s to 30 s, forgotten once
 * the process has stayed healthy for a minute; more than 5 restarts within 2 minutes is a
 * crash loop, and the process is left stopped.
 */
export interface RestartPolicyOptions {
  initialMs: number;
  maxMs: number;
  /** Healthy this long, and the next crash starts the backoff from the beginning again. */
  resetAfterMs: number;
  /** This many restarts within `windowMs` and the next crash is not restarted. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialMs: 1000,
  maxMs: 30_000,
  resetAfterMs: 60_000,
  maxRestarts: 5,
  windowMs: 120_000,
};

export type RestartDecision =
  { restart: true; delayMs: number; attempt: number } | { restart: false; reason: string };

export class RestartPolicy {
  /** Crashes since the process was last healthy for `resetAfterMs`. */
  private attempt = 0;
  private readonly restarts: number[] = [];

  constructor(private readonly opts: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /**
   * Called on each crash. `healthySince` is when the process last became healthy (undefined if
   * it never did since its last start).
   */
  onCrash(now: number, healthySince?: number): RestartDecision {
    if (healthySince !== undefined && now - healthySince >= this.opts.resetAfterMs) {
      this.attempt = 0;
    }
    while (this.restarts.length && now - this.restarts[0]! > this.opts.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.opts.maxRestarts) {
      const mins = Math.round(this.opts.windowMs / 60_000);
      return {
        restart: false,
        reason: `crashed again after ${this.restarts.length} restarts within ${mins} min`,
      };
    }
    const delayMs = Math.min(this.opts.initialMs * 2 ** this.attempt, this.opts.maxMs);
    this.attempt += 1;
    this.restarts.push(now);
    return { restart: true, delayMs, attempt: this.attempt };
  }
}
