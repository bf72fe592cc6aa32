import { validationFailed, type UserPayload } from '@ticketing/common';
import type { EditTicketInput, Ticket } from '@ticketing/contracts';
import { changeTicket, findTicket } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { resellTicket } from './resale';
import { resolveEvent } from './resolve-event';
import { assertSellerMayChange } from './seller-rules';
import { publicTicket } from './ticket-decision';

// The fields that make an event's key; a ticket's category alone does not move it.
const EVENT_FIELDS = ['title', 'venue', 'startsAt'] as const;

/**
 * The seller changes a listing on sale; the change and its ticket.updated are one write. A new
 * title, venue or start moves the ticket to that event (found or created). On a resale the
 * holder may change only the price (capped, as when relisting).
 */
export async function editTicket(
  deps: TicketsDeps,
  user: UserPayload,
  id: string,
  changes: EditTicketInput,
): Promise<Ticket> {
  const before = await findTicket(id);
  assertSellerMayChange(before, user.id);
  if (before.resale) {
    const others = Object.keys(changes).filter((k) => k !== 'price');
    if (others.length > 0 || changes.price === undefined)
      throw validationFailed(
        (others.length ? others : ['price']).map((field) => ({
          message: 'Only the price of a resale can change',
          field,
        })),
      );
    return resellTicket(deps, user, id, { price: changes.price });
  }

  const moves = EVENT_FIELDS.some((f) => changes[f] !== undefined);
  const event = moves
    ? await resolveEvent(deps, user.id, {
        title: changes.title ?? before.title,
        category: changes.category ?? before.category,
        venue: changes.venue ?? before.venue,
        startsAt: changes.startsAt ?? before.startsAt,
      })
    : undefined;
  return changeTicket(
    deps.outboxWritten,
    id,
    (current) => {
      assertSellerMayChange(current, user.id);
      return {
        write: {
          set: {
            ...changes,
            // Never sold: its price is its face value.
            ...(changes.price !== undefined ? { faceValue: changes.price } : {}),
            ...(event
              ? {
                  eventId: event.id,
                  eventKey: event.key,
                  title: event.title,
                  venue: event.venue,
                  startsAt: event.startsAt,
                }
              : {}),
          },
          guard: { sellerId: user.id, status: 'available' },
          topic: 'ticket.updated',
        },
        then: (after) => publicTicket(after, user.id),
      };
    },
    // Read, decide, write; once more if only the version moved in between.
    2,
  );
}
