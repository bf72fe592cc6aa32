import { badRequest, conflict, forbidden, notFound, type UserPayload } from '@ticketing/common';
import type { ResellInput, Ticket } from '@ticketing/contracts';
import { findEvent } from '../data/event-repository';
import { changeTicket, findTicket } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import { publicTicket, type TicketRecord } from './ticket-decision';

/*
 * Resale: the holder of a ticket puts it on sale again, at no more than its face value times
 * RESALE_PRICE_CAP. The resale is a listing like any other (orders reserve it, Stripe pays it,
 * an expired hold frees it); its `resales` count starts a new round of sale, which tells
 * orders' replica that the ticket it saw sold can be reserved again.
 */

function assertHolder(
  ticket: TicketRecord | undefined,
  userId: string,
): asserts ticket is TicketRecord {
  if (!ticket || ticket.deletedAt) throw notFound('Ticket not found');
  if (ticket.holderId !== userId) throw forbidden('Only the holder of this ticket may resell it');
}

const money = (minor: number, currency: string) =>
  `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;

/** The most a resale of this ticket may cost. */
export const resaleCeiling = (ticket: Pick<Ticket, 'faceValue'>, cap: number) =>
  Math.floor(ticket.faceValue * cap);

/** Puts a held ticket up for resale, or changes the price of its resale while no one holds it. */
export async function resellTicket(
  deps: TicketsDeps,
  user: UserPayload,
  id: string,
  { price }: ResellInput,
): Promise<Ticket> {
  // A cancelled event has no sold tickets but for a race (decision 017): none goes back on sale.
  const ticket = await findTicket(id);
  const event = ticket?.eventId ? await findEvent(ticket.eventId) : undefined;
  if (event?.status === 'cancelled') throw conflict('The event is cancelled; it cannot be resold');
  return changeTicket(
    deps.outboxWritten,
    id,
    (current) => {
      assertHolder(current, user.id);
      if (Date.parse(current.startsAt) <= deps.now().getTime())
        throw conflict('The event has started; the ticket cannot be resold');
      if (current.status === 'reserved') throw conflict('A buyer holds this ticket right now');
      const ceiling = resaleCeiling(current, deps.resalePriceCap);
      if (price > ceiling) {
        const of =
          deps.resalePriceCap === 1 ? 'its face value' : `${deps.resalePriceCap} × its face value`;
        throw badRequest(
          `price must be at most ${money(ceiling, current.currency)}, ${of}`,
          'price',
        );
      }
      const relist = current.status === 'sold';
      return {
        write: {
          set: relist
            ? {
                status: 'available',
                orderId: null,
                sellerId: user.id,
                price,
                resale: true,
                resales: current.resales + 1,
              }
            : { price },
          guard: { status: current.status, holderId: user.id },
          topic: 'ticket.updated',
        },
        then: (after) => publicTicket(after, user.id),
      };
    },
    2,
  );
}

/** The holder takes their resale off sale while no buyer holds it; the ticket stays theirs. */
export async function withdrawResale(
  deps: TicketsDeps,
  user: UserPayload,
  id: string,
): Promise<Ticket> {
  return changeTicket(
    deps.outboxWritten,
    id,
    (current) => {
      assertHolder(current, user.id);
      if (current.status === 'reserved') throw conflict('A buyer holds this ticket right now');
      if (current.status !== 'available' || !current.resale)
        throw conflict('The ticket is not up for resale');
      return {
        write: {
          // Sold and held by no order: withdrawn (orders' replica reads it so).
          set: { status: 'sold', resale: false },
          guard: { status: 'available', holderId: user.id },
          topic: 'ticket.updated',
        },
        then: (after) => publicTicket(after, user.id),
      };
    },
    2,
  );
}
