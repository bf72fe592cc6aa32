import type { UserPayload } from '@ticketing/common';
import type { Ticket } from '@ticketing/contracts';
import { changeTicket } from '../data/ticket-repository';
import { publicTicket } from './ticket-decision';
import type { TicketsDeps } from './deps';
import { eventKeyOf } from './event-key';
import type { EditTicketInput } from '@ticketing/contracts';
import { assertSellerMayChange } from './seller-rules';

/** The seller changes a listing on sale; the change and its ticket.updated are one write. */
export async function editTicket(
  deps: TicketsDeps,
  seller: UserPayload,
  id: string,
  changes: EditTicketInput,
): Promise<Ticket> {
  return changeTicket(
    deps.outboxWritten,
    id,
    (current) => {
      assertSellerMayChange(current, seller.id);
      const next = { ...current, ...changes };
      return {
        write: {
          set: { ...changes, eventKey: eventKeyOf(next.title, next.venue, next.startsAt) },
          guard: { sellerId: seller.id, status: 'available' },
          topic: 'ticket.updated',
        },
        then: publicTicket,
      };
    },
    // Read, decide, write; once more if only the version moved in between.
    2,
  );
}
