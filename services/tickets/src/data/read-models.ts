import type { Ticket } from '@ticketing/contracts';
import type { EventCatalog } from './event-catalog';
import type { EventFigures } from './event-figures';
import type { OnSaleIndex } from './on-sale-index';

/**
 * The read models this process keeps from its own writes (LISTING_READ_MODEL=memory): the
 * listing, the per-event figures and the events. All unset: everything is read from the store
 * (a MongoDB deployment with several tickets processes).
 */
export const readModels: {
  onSale?: OnSaleIndex;
  figures?: EventFigures;
  catalog?: EventCatalog;
} = {};

/**
 * Records a ticket's state after a write in every read model, without its history of sales
 * (shown only to its seller and holder, never in a listing).
 */
export function ticketWritten({
  ownership: _ownership,
  ...ticket
}: Omit<Ticket, 'ownership'> & { ownership?: unknown; deletedAt?: string | null }): void {
  readModels.onSale?.apply(ticket);
  readModels.figures?.apply(ticket);
}
