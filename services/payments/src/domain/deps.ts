import type { ServiceDeps } from '@ticketing/common';
import type { PaymentGateway } from './payment-gateway';
import type { PaymentLimits } from './payment-limits';

/**
 * What the use cases need beyond every service's clock, logger and outbox kick (a charge's
 * `_id` is its order's id, so the kick names the order).
 */
export interface PaymentsDeps extends ServiceDeps {
  gateway: PaymentGateway;
  /** Payment rate limits and the declined-card throttle. */
  limits: PaymentLimits;
}

/** A claim (charge or refund) untouched this long belongs to a process that died mid-call. */
export const STALE_CLAIM_MS = 60_000;
