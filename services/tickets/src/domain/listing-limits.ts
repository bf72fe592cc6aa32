import { admit, type RateLimiter, type UserPayload } from '@ticketing/common';
import type { TicketsDeps } from './deps';

/** Listings (one POST, however many tickets) per seller and per client address, per window. */
export interface ListingLimits {
  perUser: RateLimiter;
  perClient: RateLimiter;
}

/** Counts one listing against the seller's and the client's limits, or throws 429/503. */
export function admitListing(deps: TicketsDeps, seller: UserPayload, client: string) {
  return admit(
    [
      { limiter: deps.listingLimits.perUser, key: seller.id },
      { limiter: deps.listingLimits.perClient, key: client },
    ],
    {
      now: deps.now(),
      logger: deps.logger,
      tooFast: (s) => `You are listing tickets too fast: try again in ${s} s`,
      unavailable: 'Tickets cannot be listed just now; try again in a moment',
    },
  );
}
