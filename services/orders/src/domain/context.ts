import type { TakenTickets } from './taken-tickets';

/** What the use cases need from their surroundings; tests pass their own. */
export interface OrdersContext {
  /** The time source: tests move it to age and expire orders. */
  now(): Date;
  /** How long a new order holds its ticket. */
  expirationWindowMs: number;
  /**
   * Called with the id of an order whose outbox was just written, so its events go out without
   * waiting for a sweep (the relay drains just that document).
   */
  outboxWritten(orderId: string): void;
  /** Tickets recently seen taken: losers are refused without reading the database. */
  takenTickets: TakenTickets;
}

/** What a use case tells the event handler that called it: applied (or nothing to do), or not yet. */
export type Outcome = 'done' | 'not-yet';

/**
 * How often a state change re-reads the order after losing a race to another change. Each lost
 * race means the order moved on, so a handful is plenty before giving up (and being retried).
 */
export const MAX_ATTEMPTS = 5;
