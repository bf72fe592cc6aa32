import type { ServiceDeps } from '@ticketing/common';
import type { ExpiryVerdict } from '@ticketing/contracts';
import type { Inbox } from './inbox';
import type { OrderLimits } from './order-limits';
import type { Reservations } from './reservations';

/** What the use cases need beyond every service's clock, logger and outbox kick. */
export interface OrdersDeps extends ServiceDeps {
  /** How long a new order holds its ticket. */
  expirationWindowMs: number;
  /** Reserving, freeing and selling tickets of the replica. */
  reservations: Reservations;
  /** How long a priority hold (an order made for a wanted list's first taker) lasts. */
  wantedHoldMs: number;
  /** Each user's notifications. */
  inbox: Inbox;
  /** The open-order cap and the placement rate limits. */
  limits: OrderLimits;
  /** Asked before an expired hold is released: was it paid after all? */
  payments: PaymentsCheck;
}

/** Payments' answer for an order whose hold has expired (decision 022). */
export interface PaymentsCheck {
  closeForExpiry(orderId: string): Promise<ExpiryVerdict>;
}

/** What a use case tells the event handler that called it: applied (or nothing to do), or not yet. */
export type Outcome = 'done' | 'not-yet';

/**
 * How often a state change re-reads the order after losing a race to another change. Each lost
 * race means the order moved on, so a handful is plenty before giving up (and being retried).
 */
export const MAX_ATTEMPTS = 5;
