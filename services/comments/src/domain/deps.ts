import type { RateLimiter, ServiceDeps } from '@ticketing/common';

/** Every service's clock and logger (comments publishes nothing, so it has no outbox), and: */
export interface CommentsDeps extends Pick<ServiceDeps, 'logger' | 'now'> {
  /** Comment writes per user (posting and editing). */
  rateLimiter: RateLimiter;
}

/** What a use case tells the event handler that called it: applied (or nothing to do), or not yet. */
export type Outcome = 'done' | 'not-yet';
