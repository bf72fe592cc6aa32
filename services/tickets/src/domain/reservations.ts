import { isOrderCancelled, recordCancelledOrder } from '../data/cancelled-orders';
import { recordPayout } from '../data/payouts';
import { changeTicket } from '../data/ticket-repository';
import type { TicketsDeps } from './deps';
import type { TicketRecord } from './ticket-decision';

/**
 * tickets follows reservations from order events (orders decides them; see
 * docs/purchase-flow.md). Each step is a conditional update on the ticket's current state, so a
 * repeated event changes nothing, and an event that arrives too early says so.
 */

export type ReserveOutcome =
  | 'reserved'
  /** This order already holds the ticket: a repeated event. */
  | 'already-reserved'
  /** The order was cancelled before its order.created got here. */
  | 'order-cancelled'
  /** Missing or deleted: orders cancels the order itself when it sees ticket.deleted. */
  | 'ticket-gone'
  /** Another order still holds it: that order's cancellation has not arrived yet. */
  | 'held-by-another';

export async function reserveForOrder(
  deps: TicketsDeps,
  orderId: string,
  ticketId: string,
): Promise<ReserveOutcome> {
  // order.cancelled and order.created travel on different topics, so either may come first.
  if (await isOrderCancelled(orderId)) return 'order-cancelled';
  const outcome = await changeTicket<ReserveOutcome>(deps.outboxWritten, ticketId, (ticket) => {
    if (!ticket || ticket.deletedAt) return { done: 'ticket-gone' };
    if (ticket.orderId === orderId) return { done: 'already-reserved' };
    // A replayed order.created of an order that bought the ticket before it was resold.
    if (ticket.ownership.some((o) => o.orderId === orderId)) return { done: 'already-reserved' };
    // Sold to someone, or a resale its holder withdrew: this order can never have it (orders
    // cancels it when the withdrawal reaches its replica).
    if (ticket.status === 'sold') return { done: 'ticket-gone' };
    if (ticket.status !== 'available') return { done: 'held-by-another' };
    return {
      write: {
        set: { status: 'reserved', orderId },
        guard: { status: 'available' },
        topic: 'ticket.updated',
      },
      then: () => 'reserved',
    };
  });
  // If the cancellation was recorded while we reserved, its release found nothing to undo; the
  // cancellation writes its mark before releasing, so one of the two always sees the other.
  if (outcome === 'reserved' && (await isOrderCancelled(orderId))) {
    await releaseTicket(deps, orderId, ticketId);
    return 'order-cancelled';
  }
  return outcome;
}

export type ReleaseOutcome = 'released' | 'nothing-to-release';

export async function releaseForOrder(
  deps: TicketsDeps,
  orderId: string,
  ticketId: string,
): Promise<ReleaseOutcome> {
  await recordCancelledOrder(orderId, ticketId);
  return releaseTicket(deps, orderId, ticketId);
}

function releaseTicket(
  deps: TicketsDeps,
  orderId: string,
  ticketId: string,
): Promise<ReleaseOutcome> {
  return changeTicket<ReleaseOutcome>(deps.outboxWritten, ticketId, (ticket) => {
    if (!ticket || ticket.deletedAt || ticket.status !== 'reserved' || ticket.orderId !== orderId) {
      return { done: 'nothing-to-release' };
    }
    return {
      write: {
        set: { status: 'available', orderId: null },
        guard: { status: 'reserved', orderId },
        topic: 'ticket.updated',
      },
      then: () => 'released',
    };
  });
}

export type SellOutcome =
  | 'sold'
  | 'already-sold'
  /** order.created has not been applied yet (or the previous holder's cancellation). */
  | 'not-reserved-yet'
  /** Missing, deleted or sold to another order: this event can never apply. */
  | 'impossible';

/**
 * The order was paid: its buyer becomes the holder and the sale joins the ticket's history. A
 * resale also owes its seller the price (a payout record, written again on a repeated event
 * in case the process stopped between the two writes).
 */
export async function sellForOrder(
  deps: TicketsDeps,
  orderId: string,
  ticketId: string,
  buyerId: string,
): Promise<SellOutcome> {
  let sold: TicketRecord | undefined;
  const outcome = await changeTicket<SellOutcome>(deps.outboxWritten, ticketId, (ticket) => {
    if (!ticket || ticket.deletedAt) return { done: 'impossible' };
    // Also a sale the ticket's history already has, when it has since been resold.
    if (
      (ticket.orderId === orderId && ticket.status === 'sold') ||
      ticket.ownership.some((o) => o.orderId === orderId)
    ) {
      sold = ticket;
      return { done: 'already-sold' };
    }
    if (ticket.status === 'sold') return { done: 'impossible' };
    if (ticket.orderId !== orderId) return { done: 'not-reserved-yet' };
    return {
      write: {
        set: { status: 'sold', holderId: buyerId },
        guard: { status: 'reserved', orderId },
        push: {
          from: ticket.sellerId,
          to: buyerId,
          orderId,
          price: ticket.price,
          currency: ticket.currency,
          resale: ticket.resale,
          at: deps.now().toISOString(),
        },
        topic: 'ticket.updated',
      },
      then: (after) => {
        sold = after;
        return 'sold';
      },
    };
  });
  const sale = sold?.ownership.find((o) => o.orderId === orderId);
  if (sold && sale?.resale) {
    await recordPayout({
      id: orderId,
      ticketId,
      eventId: sold.eventId,
      title: sold.title,
      sellerId: sale.from,
      buyerId: sale.to,
      amount: sale.price,
      currency: sale.currency,
      createdAt: sale.at,
    });
  }
  return outcome;
}
