import type { OutboxKick, ServiceDeps } from '@ticketing/common';
import type { ListingLimits } from './listing-limits';

/** tickets' use cases get what every service gets, plus the kick of the events' outbox. */
export interface TicketsDeps extends ServiceDeps {
  /** Called with the id of each Event whose outbox a use case wrote. */
  eventWritten: OutboxKick;
  /** A resale may cost at most the face value times this (RESALE_PRICE_CAP). */
  resalePriceCap: number;
  /** How often a seller (and a client address) may list. */
  listingLimits: ListingLimits;
}
