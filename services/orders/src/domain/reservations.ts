import type { TicketReplica } from '../data/ticket-replica';

/** How a ticket someone holds is held. */
export type Taken = 'reserved' | 'sold';

/** A reservation attempt: won, refused from what was just seen taken, or lost to a racer. */
export type ReserveOutcome = 'won' | Taken | 'lost';

/**
 * The port through which the use cases reserve, free and sell tickets of the replica. Exactly one
 * order can win a ticket however many try at once; how that is made true on the store (and what
 * is cached to spare the losers a write) is the adapter's business.
 */
export interface Reservations {
  /** How the ticket was seen taken a moment ago, if it was: refuse without reading. */
  recentlyTaken(ticketId: string): Taken | undefined;
  /** Remembers, for a moment, that the ticket was seen taken. */
  sawTaken(ticketId: string, how: Taken): void;
  /** Forgets that: a new round of sale (a relisting) freed it. */
  sawFreed(ticketId: string): void;
  reserve(ticketId: string, orderId: string, buyerId: string, at: Date): Promise<ReserveOutcome>;
  /**
   * Frees the ticket if this order still holds it unsold; true when this call freed it. With
   * `offer`, the freed ticket goes first to the event's wanted list (nobody else can reserve it
   * until `endOffer` or `reservePriority`).
   */
  release(ticketId: string, orderId: string, offer?: boolean): Promise<boolean>;
  /** Reserves a ticket being offered to the wanted list for the list's taker; false if not offered. */
  reservePriority(ticketId: string, orderId: string, buyerId: string, at: Date): Promise<boolean>;
  /** Nobody on the list takes it: the ticket is on sale to everyone. */
  endOffer(ticketId: string): Promise<void>;
  /** Tickets still being offered (a crash cut their offer short). */
  offering(): Promise<TicketReplica[]>;
  /** Makes the order's buyer the holder; repeating it changes nothing. */
  sell(ticketId: string, orderId: string, buyerId: string): Promise<void>;
  /** Tickets reserved before `time` and not sold. */
  heldBefore(time: Date): Promise<TicketReplica[]>;
}
