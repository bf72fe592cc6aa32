import type { UserPayload } from '@ticketing/common';
import type { CreateTicketsInput, Ticket } from '@ticketing/contracts';
import { insertTickets } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { resolveEvent } from './resolve-event';

/**
 * Lists `quantity` identical tickets of one event for the seller, each announcing itself. The
 * event is the one named, or the one described (found, or created by this listing).
 */
export async function createTickets(
  deps: TicketsDeps,
  seller: UserPayload,
  input: CreateTicketsInput,
): Promise<Ticket[]> {
  const { quantity, price, currency, eventId, title, category, venue, startsAt } = input;
  const event = await resolveEvent(
    deps,
    seller.id,
    eventId !== undefined
      ? { eventId }
      : // The input schema makes all four present when eventId is absent.
        { title: title!, category: category!, venue: venue!, startsAt: startsAt! },
  );
  const tickets = await insertTickets(
    deps.outboxWritten,
    {
      eventId: event.id,
      title: event.title,
      category: event.category,
      venue: event.venue,
      startsAt: event.startsAt,
      eventKey: event.key,
      price,
      currency,
      sellerId: seller.id,
    },
    quantity,
  );
  return tickets;
}
