import { stateRateLimiter, type StateStore } from '@ticketing/common';
import type { PaymentsConfig } from '../config';
import type { PaymentLimits } from '../domain/payment-limits';

type LimitsConfig = Pick<
  PaymentsConfig,
  | 'PAY_RATE_LIMIT_PER_USER'
  | 'PAY_RATE_LIMIT_PER_CLIENT'
  | 'PAY_RATE_WINDOW_SECONDS'
  | 'DECLINES_PER_ORDER'
  | 'DECLINES_PER_USER'
  | 'DECLINE_WINDOW_SECONDS'
>;

/** Payments' limits as configured, counted in the state store (`appstate`). */
export function paymentLimitsIn(store: StateStore, config: LimitsConfig): PaymentLimits {
  const counted = (name: string, limit: number, windowSeconds: number) =>
    stateRateLimiter(store, { name, limit, windowSeconds });
  const payWindow = config.PAY_RATE_WINDOW_SECONDS;
  const declineWindow = config.DECLINE_WINDOW_SECONDS;
  return {
    perUser: counted('payments|user', config.PAY_RATE_LIMIT_PER_USER, payWindow),
    perClient: counted('payments|client', config.PAY_RATE_LIMIT_PER_CLIENT, payWindow),
    declinesPerOrder: counted('declines|order', config.DECLINES_PER_ORDER, declineWindow),
    declinesPerUser: counted('declines|user', config.DECLINES_PER_USER, declineWindow),
  };
}
