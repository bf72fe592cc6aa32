import { stateRateLimiter, type StateStore } from '@ticketing/common';
import type { OrdersConfig } from '../config';
import type { OrderLimits } from '../domain/order-limits';

type LimitsConfig = Pick<
  OrdersConfig,
  | 'MAX_OPEN_ORDERS'
  | 'ORDER_RATE_LIMIT_PER_USER'
  | 'ORDER_RATE_LIMIT_PER_CLIENT'
  | 'ORDER_RATE_WINDOW_SECONDS'
>;

/** Orders' limits as configured, the rate limits counted in the state store (`appstate`). */
export function orderLimitsIn(store: StateStore, config: LimitsConfig): OrderLimits {
  const placements = (limit: number, scope: string) =>
    stateRateLimiter(store, {
      limit,
      windowSeconds: config.ORDER_RATE_WINDOW_SECONDS,
      name: `order-placements|${scope}`,
    });
  return {
    maxOpenOrders: config.MAX_OPEN_ORDERS,
    perUser: placements(config.ORDER_RATE_LIMIT_PER_USER, 'user'),
    perClient: placements(config.ORDER_RATE_LIMIT_PER_CLIENT, 'client'),
  };
}
