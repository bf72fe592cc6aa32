import type { UserPayload } from '@ticketing/common';
import { changeTicket } from '../data/tickets';
import { assertSellerMayChange } from './seller-rules';

/**
 * The seller withdraws a listing on sale. The document stays, marked deleted, so ticket.deleted
 * can still be published from its outbox; it is gone from the listing and its own page.
 */
export async function deleteTicket(
  seller: UserPayload,
  id: string,
  now = new Date(),
): Promise<void> {
  await changeTicket(
    id,
    (current) => {
      assertSellerMayChange(current, seller.id);
      return {
        write: {
          set: { deletedAt: now.toISOString() },
          guard: { sellerId: seller.id, status: 'available' },
          topic: 'ticket.deleted',
        },
        then: () => undefined,
      };
    },
    2,
  );
}
