import type { UserPayload } from '@ticketing/common';
import type { Ticket } from '@ticketing/contracts';
import { insertTickets } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { eventKeyOf } from './event-key';
import type { CreateTicketsInput } from '@ticketing/contracts';

/** Lists `quantity` identical tickets of one event for the seller; each announces itself. */
export async function createTickets(
  deps: TicketsDeps,
  seller: UserPayload,
  input: CreateTicketsInput,
): Promise<Ticket[]> {
  const { quantity, ...fields } = input;
  return insertTickets(
    deps.outboxWritten,
    {
      ...fields,
      sellerId: seller.id,
      eventKey: eventKeyOf(fields.title, fields.venue, fields.startsAt),
    },
    quantity,
  );
}
