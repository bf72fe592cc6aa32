import { outboxEntry, type OutboxEntry } from '@ticketing/common';
import type { EventOf } from '@ticketing/contracts';
import type { TicketRecord, TicketWrite } from '../domain/ticket-decision';

type Described = Omit<TicketRecord, 'eventKey' | 'createdAt' | 'ownership' | 'deletedAt'>;

/** The event mapping: what other services are told of a ticket's state. */
export function snapshotOf(t: Described): Omit<EventOf<'ticket.updated'>, 'eventId'> {
  return {
    id: t.id,
    version: t.version,
    // `eventId` is the message's own id in an event: the ticket's Event travels as eventRef.
    eventRef: t.eventId,
    title: t.title,
    category: t.category,
    venue: t.venue,
    startsAt: t.startsAt,
    price: t.price,
    currency: t.currency,
    faceValue: t.faceValue,
    sellerId: t.sellerId,
    status: t.status,
    orderId: t.orderId,
    holderId: t.holderId,
    resale: t.resale,
    resales: t.resales,
  };
}

/** The outbox entry of a change that took the ticket to `next`. */
export function changeEntry(next: TicketRecord, topic: TicketWrite['topic']): OutboxEntry {
  return topic === 'ticket.deleted'
    ? outboxEntry('ticket.deleted', { id: next.id, version: next.version, eventRef: next.eventId })
    : outboxEntry('ticket.updated', snapshotOf(next));
}
