/** The answer to "may this key act once more now?". */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts actions per key (a user, a client address, an order) in a sliding window. The adapter
 * keeps the counts outside the process (the sidecar's state store, decision 012), so a restart
 * forgets nothing and replicas share one count.
 */
export interface RateLimiter {
  /** Counts one action for `key` if it fits; refuses (and counts nothing) if not. */
  take(key: string, now: Date): Promise<RateDecision>;
  /** Whether one more would fit, counting nothing (for limits counted after the fact). */
  check(key: string, now: Date): Promise<RateDecision>;
}

/** For an operator who turned a limit off (its limit set to 0). */
export const noRateLimit: RateLimiter = {
  take: async () => ({ allowed: true }),
  check: async () => ({ allowed: true }),
};

/**
 * The sliding-window rule: at most `limit` actions in any `windowMs`. `recent` are the times of
 * earlier actions; returns the times to keep after this one, or how long until one is allowed.
 */
export function slidingWindow(
  recent: number[],
  now: number,
  limit: number,
  windowMs: number,
): { allowed: true; times: number[] } | { allowed: false; retryAfterMs: number } {
  // A time ahead of ours (another replica's clock) still counts: skew never buys extra actions.
  const inWindow = recent.filter((t) => t > now - windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit) return { allowed: true, times: [...inWindow, now] };
  // The oldest action in the window that must leave it before one more fits.
  const oldest = inWindow[inWindow.length - limit] as number;
  // Requests racing for the last slot read the clock moments apart: never more than a window.
  return { allowed: false, retryAfterMs: Math.min(windowMs, oldest + windowMs - now) };
}
