import { outboxEntry, type OutboxEntry } from '@ticketing/common';
import type { EventOf, Ticket } from '@ticketing/contracts';
import type { TicketRecord, TicketWrite } from '../domain/ticket-decision';

/** The event mapping: what other services are told of a ticket's state. */
export function snapshotOf(
  t: Omit<Ticket, 'eventKey' | 'createdAt'>,
): Omit<EventOf<'ticket.updated'>, 'eventId'> {
  return {
    id: t.id,
    version: t.version,
    title: t.title,
    category: t.category,
    venue: t.venue,
    startsAt: t.startsAt,
    price: t.price,
    currency: t.currency,
    sellerId: t.sellerId,
    status: t.status,
    orderId: t.orderId,
    holderId: t.holderId,
  };
}

/** The outbox entry of a change that took the ticket to `next`. */
export function changeEntry(next: TicketRecord, topic: TicketWrite['topic']): OutboxEntry {
  return topic === 'ticket.deleted'
    ? outboxEntry('ticket.deleted', { id: next.id, version: next.version })
    : outboxEntry('ticket.updated', snapshotOf(next));
}
