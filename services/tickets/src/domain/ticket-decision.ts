import type { Ownership, Ticket, TicketStatus } from '@ticketing/contracts';

/*
 * The domain's side of a ticket change: use cases read a TicketRecord and decide, the repository
 * applies the decision as one conditional write (data/ticket-repository.ts).
 */

/** A stored ticket including its history and whether it was deleted; never sent as is. */
export interface TicketRecord extends Omit<Ticket, 'ownership' | 'orderId' | 'holderId'> {
  orderId: string | null;
  holderId: string | null;
  ownership: Ownership[];
  deletedAt: string | null;
}

export type NewTicket = Pick<
  Ticket,
  | 'eventId'
  | 'title'
  | 'category'
  | 'venue'
  | 'startsAt'
  | 'price'
  | 'currency'
  | 'sellerId'
  | 'eventKey'
>;

export type TicketChanges = Partial<
  Pick<
    TicketRecord,
    | 'eventId'
    | 'title'
    | 'category'
    | 'venue'
    | 'startsAt'
    | 'price'
    | 'currency'
    | 'faceValue'
    | 'eventKey'
    | 'sellerId'
    | 'status'
    | 'orderId'
    | 'holderId'
    | 'resale'
    | 'resales'
    | 'deletedAt'
  >
>;

/** State a ticket must still be in for a write; together with the version it pins the state. */
export interface TicketGuard {
  status?: TicketStatus;
  sellerId?: string;
  holderId?: string;
  orderId?: string;
}

export interface TicketWrite {
  set: TicketChanges;
  guard: TicketGuard;
  /** A change of hands to add to the ticket's history. */
  push?: Ownership;
  topic: 'ticket.updated' | 'ticket.deleted';
}

/** What a use case decides on reading the current ticket: answer now, or write and then answer. */
export type Decision<R> = { done: R } | { write: TicketWrite; then: (after: TicketRecord) => R };

/**
 * The public shape: the record without its deletion mark. Who holds it, through which order, and
 * its history of sales are shown only to its current seller and its holder.
 */
export function publicTicket(
  { deletedAt: _deletedAt, ownership, ...ticket }: TicketRecord,
  viewerId?: string,
): Ticket {
  const shown = ticketFor(ticket, viewerId);
  return shown !== ticket || ownership.length === 0 ? shown : { ...ticket, ownership };
}

/** The ticket as `viewerId` may see it: without holder and order unless they are its seller or holder. */
export function ticketFor(ticket: Ticket, viewerId?: string): Ticket {
  const maySee =
    viewerId !== undefined && (viewerId === ticket.sellerId || viewerId === ticket.holderId);
  if (maySee) return ticket;
  const shown = { ...ticket };
  delete shown.orderId;
  delete shown.holderId;
  return shown;
}
