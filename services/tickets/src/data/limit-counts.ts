import { stateRateLimiter, type StateStore } from '@ticketing/common';
import type { TicketsConfig } from '../config';
import type { ListingLimits } from '../domain/listing-limits';

type LimitsConfig = Pick<
  TicketsConfig,
  'LISTING_RATE_LIMIT_PER_USER' | 'LISTING_RATE_LIMIT_PER_CLIENT' | 'LISTING_RATE_WINDOW_SECONDS'
>;

/** The listing rate limits as configured, counted in the state store (`appstate`). */
export function listingLimitsIn(store: StateStore, config: LimitsConfig): ListingLimits {
  const windowSeconds = config.LISTING_RATE_WINDOW_SECONDS;
  return {
    perUser: stateRateLimiter(store, {
      name: 'listings|user',
      limit: config.LISTING_RATE_LIMIT_PER_USER,
      windowSeconds,
    }),
    perClient: stateRateLimiter(store, {
      name: 'listings|client',
      limit: config.LISTING_RATE_LIMIT_PER_CLIENT,
      windowSeconds,
    }),
  };
}
