import {
  conflict,
  forbidden,
  notFound,
  withDocumentLock,
  type UserPayload,
} from '@ticketing/common';
import type { EventSummary } from '@ticketing/contracts';
import { figuresOf } from '../data/event-figures-query';
import { EventModel } from '../data/event-model';
import { cancelledEventIds, findStoredEvent, markEventCancelled } from '../data/event-repository';
import { changeTicket, ticketIdsOfEvents } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { summaryOf } from './events';

/*
 * Cancelling an event (decision 017). Its creator may cancel it while it has not started and no
 * ticket of it is held by an order or sold: refunds are not built, so an event with buyers
 * cannot be cancelled here. The event is marked cancelled first (no new listing, resale or
 * wanted-list join from then on), then every listing of it still live is taken off sale with
 * ticket.deleted, as a seller's delete does: orders cancels an order that reserved one in the
 * moment between the check and the take-down, comments hides their comments.
 */

/** The creator cancels their event; answers it as cancelled. */
export async function cancelEvent(
  deps: TicketsDeps,
  user: UserPayload,
  id: string,
): Promise<EventSummary> {
  const cancelled = await withDocumentLock(EventModel.collection.name, id, async () => {
    const event = await findStoredEvent(id);
    if (!event) throw notFound('Event not found');
    if (event.createdBy !== user.id) throw forbidden('Only its creator may cancel this event');
    if (event.status === 'cancelled') throw conflict('The event is already cancelled');
    if (Date.parse(event.startsAt) <= deps.now().getTime())
      throw conflict('The event has started; it can no longer be cancelled');
    const { reserved, sold } = await figuresOf(event.id);
    if (reserved + sold > 0)
      throw conflict(
        `${reserved + sold} ticket(s) of this event are held or sold; ` +
          'it cannot be cancelled while buyers have them',
      );
    const after = await markEventCancelled(deps.eventWritten, event);
    if (!after) throw conflict('The event changed meanwhile; try again');
    return after;
  });
  await takeDownListings(deps, [cancelled.id]);
  return summaryOf(cancelled);
}

/**
 * Takes every live listing of these cancelled events off sale. A ticket on sale, or reserved by
 * an order placed in the instant before the cancellation, is deleted (orders then cancels that
 * order); a sold one is left to its holder and logged. Idempotent: deleted tickets are skipped.
 */
async function takeDownListings(deps: TicketsDeps, eventIds: string[]): Promise<number> {
  const ids = await ticketIdsOfEvents(eventIds, ['available', 'reserved']);
  let taken = 0;
  for (const id of ids) {
    const done = await changeTicket(deps.outboxWritten, id, (ticket) => {
      if (!ticket || ticket.deletedAt) return { done: false };
      if (ticket.status === 'sold') {
        deps.logger.error(
          { ticketId: id, eventId: ticket.eventId },
          'a ticket of a cancelled event was sold before its take-down; it is left to its holder',
        );
        return { done: false };
      }
      return {
        write: {
          set: { deletedAt: deps.now().toISOString() },
          guard: { status: ticket.status, ...(ticket.orderId ? { orderId: ticket.orderId } : {}) },
          topic: 'ticket.deleted',
        },
        then: () => true,
      };
    });
    if (done) taken++;
  }
  return taken;
}

/**
 * At start: finishes the take-down of any cancelled event a stop cut short (the event was
 * marked, some listings were not yet deleted). One query when there is nothing to do.
 */
export async function finishCancellations(deps: TicketsDeps): Promise<number> {
  return takeDownListings(deps, await cancelledEventIds());
}
