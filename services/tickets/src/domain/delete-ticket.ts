import type { UserPayload } from '@ticketing/common';
import { changeTicket } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { assertSellerMayChange } from './seller-rules';

/**
 * The seller withdraws a listing on sale. The document stays, marked deleted, so ticket.deleted
 * can still be published from its outbox; it is gone from the listing and its own page.
 */
export async function deleteTicket(
  deps: TicketsDeps,
  seller: UserPayload,
  id: string,
): Promise<void> {
  await changeTicket(
    deps.outboxWritten,
    id,
    (current) => {
      assertSellerMayChange(current, seller.id);
      return {
        write: {
          set: { deletedAt: deps.now().toISOString() },
          guard: { sellerId: seller.id, status: 'available' },
          topic: 'ticket.deleted',
        },
        then: () => undefined,
      };
    },
    2,
  );
}
