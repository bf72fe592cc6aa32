/** The answer to "may this user write one more comment now?". */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts each user's comment writes. The adapter keeps the counts outside the process (the
 * sidecar's state store), so a restart forgets nothing and replicas share one count.
 */
export interface RateLimiter {
  take(userId: string, now: Date): Promise<RateDecision>;
}

/** For an operator who turned the limit off (COMMENTS_RATE_LIMIT=0). */
export const noRateLimit: RateLimiter = { take: async () => ({ allowed: true }) };

/**
 * The sliding-window rule: at most `limit` writes in any `windowMs`. `recent` are the times of
 * earlier writes; returns the times to keep after this one, or how long until one is allowed.
 */
export function slidingWindow(
  recent: number[],
  now: number,
  limit: number,
  windowMs: number,
): { allowed: true; times: number[] } | { allowed: false; retryAfterMs: number } {
  // A time ahead of ours (another replica's clock) still counts: skew never buys extra writes.
  const inWindow = recent.filter((t) => t > now - windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit) return { allowed: true, times: [...inWindow, now] };
  // The oldest write in the window that must leave it before one more fits.
  const oldest = inWindow[inWindow.length - limit] as number;
  // Requests racing for the last slot read the clock moments apart: never more than a window.
  return { allowed: false, retryAfterMs: Math.min(windowMs, oldest + windowMs - now) };
}
