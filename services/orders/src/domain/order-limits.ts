import {
  admit,
  AppError,
  withDocumentLock,
  type RateLimiter,
  type UserPayload,
} from '@ticketing/common';
import { countOpenOrdersOf } from '../data/orders';
import type { OrdersDeps } from './deps';

/** How much one buyer (and one client address) may hold and place (issue 11: no one holds a sale). */
export interface OrderLimits {
  /** Open orders (holding a ticket, unpaid) one buyer may have at once; 0 turns the cap off. */
  maxOpenOrders: number;
  /** Placements per buyer, and per client address, in a sliding window (state store). */
  perUser: RateLimiter;
  perClient: RateLimiter;
}

/** Who is placing an order: the signed-in buyer and the client address they came from. */
export interface Placer {
  buyer: UserPayload;
  client: string;
}

/** Counts one placement against the buyer's and the client's rate limits, or throws 429/503. */
export function admitPlacement(deps: OrdersDeps, { buyer, client }: Placer): Promise<void> {
  return admit(
    [
      { limiter: deps.limits.perUser, key: buyer.id },
      { limiter: deps.limits.perClient, key: client },
    ],
    {
      now: deps.now(),
      logger: deps.logger,
      tooFast: (s) => `You are placing orders too fast: try again in ${s} s`,
      unavailable: 'Orders cannot be placed just now; try again in a moment',
    },
  );
}

/**
 * Runs `place` only while the buyer holds fewer open orders than the cap. The count and the
 * placement run under a lock per buyer, so a burst of one buyer's requests cannot all pass the
 * count before any of them wrote its order (orders is the one writer of its database, decision
 * 004; the lock is a pseudo-collection of its own, so it holds up no other write).
 */
export function withinOpenOrderCap<T>(
  deps: OrdersDeps,
  buyer: UserPayload,
  place: () => Promise<T>,
): Promise<T> {
  const max = deps.limits.maxOpenOrders;
  if (max === 0) return place();
  return withDocumentLock('buyer-open-orders', buyer.id, async () => {
    if ((await countOpenOrdersOf(buyer.id, deps.now())) >= max) {
      const message = `You already hold ${max} open orders: pay for or cancel one before placing another`;
      throw new AppError(409, message, [{ message, field: 'ticketId' }]);
    }
    return place();
  });
}
