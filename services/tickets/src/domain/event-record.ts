import type { EventSummary } from '@ticketing/contracts';

/** An event as stored, without its figures (those come from its tickets). */
export interface EventRecord extends Omit<EventSummary, 'counts' | 'cheapest' | 'soldOut'> {
  key: string;
  createdBy: string;
}
