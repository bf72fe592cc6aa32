import type { Ticket, TicketStatus } from '@ticketing/contracts';

/*
 * The domain's side of a ticket change: use cases read a TicketRecord and decide, the repository
 * applies the decision as one conditional write (data/ticket-repository.ts).
 */

/** A stored ticket including whether it was deleted; never sent to clients as is. */
export interface TicketRecord extends Ticket {
  deletedAt: string | null;
}

export type NewTicket = Pick<
  Ticket,
  'title' | 'category' | 'venue' | 'startsAt' | 'price' | 'currency' | 'sellerId' | 'eventKey'
>;

export type TicketChanges = Partial<
  Pick<
    TicketRecord,
    | 'title'
    | 'category'
    | 'venue'
    | 'startsAt'
    | 'price'
    | 'currency'
    | 'eventKey'
    | 'status'
    | 'orderId'
    | 'holderId'
    | 'deletedAt'
  >
>;

/** State a ticket must still be in for a write; together with the version it pins the state. */
export interface TicketGuard {
  status?: TicketStatus;
  sellerId?: string;
  orderId?: string;
}

export interface TicketWrite {
  set: TicketChanges;
  guard: TicketGuard;
  topic: 'ticket.updated' | 'ticket.deleted';
}

/** What a use case decides on reading the current ticket: answer now, or write and then answer. */
export type Decision<R> = { done: R } | { write: TicketWrite; then: (after: TicketRecord) => R };

/** The public shape: the record without its deletion mark. */
export function publicTicket({ deletedAt: _deletedAt, ...ticket }: TicketRecord): Ticket {
  return ticket;
}
