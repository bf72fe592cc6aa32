import type { EventOf } from '@ticketing/contracts';
import { findOrder } from '../data/orders';
import { findTicket } from '../data/ticket-replica';
import type { OrdersDeps, Outcome } from './deps';

/** 4500 eur -> "€45.00"; the web formats the same way. */
export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/** The first person on a wanted list got a priority hold. */
export async function notifyHoldOffered(
  deps: OrdersDeps,
  e: EventOf<'order.offered'>,
): Promise<Outcome> {
  const left = new Date(e.expiresAt).getTime() - deps.now().getTime();
  await deps.inbox.add(e.userId, {
    id: `offered-${e.id}`,
    kind: 'hold-offered',
    title: 'A ticket is held for you',
    body:
      `You were first on the wanted list for ${e.title}: a ticket at ${money(e.price, e.currency)} ` +
      `is held for you for ${minutes(left)} min. Pay before it lapses.`,
    link: `/orders/${e.id}`,
    createdAt: deps.now(),
  });
  return 'done';
}

/** A holder's resale sold: tell the reseller (an organiser's first sales are not announced). */
export async function notifyTicketSold(
  deps: OrdersDeps,
  e: EventOf<'order.completed'>,
): Promise<Outcome> {
  const order = await findOrder(e.id);
  if (!order) return 'not-yet';
  const ticket = await findTicket(order.ticket.id);
  if (!ticket?.resale) return 'done';
  await deps.inbox.add(order.ticket.sellerId, {
    id: `sold-${order.id}`,
    kind: 'ticket-sold',
    title: 'Your ticket sold',
    body:
      `Your resale of ${order.ticket.title} sold for ` +
      `${money(order.ticket.price, order.ticket.currency)}; the payout is owed to you.`,
    link: '/my-tickets',
    createdAt: deps.now(),
  });
  return 'done';
}

/** A buyer let their hold expire unpaid. */
export async function notifyHoldLapsed(deps: OrdersDeps, orderId: string): Promise<Outcome> {
  const order = await findOrder(orderId);
  if (order?.status !== 'cancelled' || order.cancelReason !== 'expired') return 'done';
  await deps.inbox.add(order.userId, {
    id: `lapsed-${order.id}`,
    kind: 'hold-lapsed',
    title: 'Your hold lapsed',
    body: order.wanted
      ? `Your priority hold on ${order.ticket.title} expired unpaid; it went to the next person on the wanted list.`
      : `Your hold on ${order.ticket.title} expired unpaid, and the ticket went back on sale.`,
    link: `/orders/${order.id}`,
    createdAt: deps.now(),
  });
  return 'done';
}
