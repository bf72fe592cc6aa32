import type { ServiceDeps } from '@ticketing/common';
import type { PaymentGateway } from './payment-gateway';

/**
 * What the use cases need beyond every service's clock, logger and outbox kick (a charge's
 * `_id` is its order's id, so the kick names the order).
 */
export interface PaymentsDeps extends ServiceDeps {
  gateway: PaymentGateway;
}

/** A claim (charge or refund) untouched this long belongs to a process that died mid-call. */
export const STALE_CLAIM_MS = 60_000;
