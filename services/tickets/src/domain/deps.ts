import type { OutboxKick, ServiceDeps } from '@ticketing/common';

/** tickets' use cases get what every service gets, plus the kick of the events' outbox. */
export interface TicketsDeps extends ServiceDeps {
  /** Called with the id of each Event whose outbox a use case wrote. */
  eventWritten: OutboxKick;
  /** A resale may cost at most the face value times this (RESALE_PRICE_CAP). */
  resalePriceCap: number;
}
