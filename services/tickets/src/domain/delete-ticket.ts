import type { UserPayload } from '@ticketing/common';
import { changeTicket, findTicket } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { withdrawResale } from './resale';
import { assertSellerMayChange } from './seller-rules';

/**
 * The seller withdraws a listing on sale. The document stays, marked deleted, so ticket.deleted
 * can still be published from its outbox; it is gone from the listing and its own page. On a
 * resale, the holder withdraws it instead: the ticket stays theirs.
 */
export async function deleteTicket(
  deps: TicketsDeps,
  user: UserPayload,
  id: string,
): Promise<void> {
  const before = await findTicket(id);
  assertSellerMayChange(before, user.id);
  if (before.resale) {
    await withdrawResale(deps, user, id);
    return;
  }
  await changeTicket(
    deps.outboxWritten,
    id,
    (current) => {
      assertSellerMayChange(current, user.id);
      return {
        write: {
          set: { deletedAt: deps.now().toISOString() },
          guard: { sellerId: user.id, status: 'available' },
          topic: 'ticket.deleted',
        },
        then: () => undefined,
      };
    },
    2,
  );
}
