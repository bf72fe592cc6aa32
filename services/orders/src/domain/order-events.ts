import { outboxEntry } from '@ticketing/common';
import type { CancelReason, Order } from '../data/orders';

export function orderCreated(order: Order) {
  const { id, title, price, currency, sellerId } = order.ticket;
  return outboxEntry('order.created', {
    id: order.id,
    version: order.version,
    userId: order.userId,
    status: 'created',
    expiresAt: order.expiresAt.toISOString(),
    ticket: { id, price, currency, title, sellerId },
  });
}

export const orderCancelled = (order: Order, version: number, reason: CancelReason) =>
  outboxEntry('order.cancelled', { id: order.id, version, ticketId: order.ticket.id, reason });

export const orderCompleted = (order: Order, version: number, paymentId: string) =>
  outboxEntry('order.completed', {
    id: order.id,
    version,
    userId: order.userId,
    ticketId: order.ticket.id,
    paymentId,
  });

/** A priority hold was made for the first taker on the event's wanted list. */
export const orderOffered = (order: Order, eventId: string) =>
  outboxEntry('order.offered', {
    id: order.id,
    version: order.version,
    userId: order.userId,
    eventRef: eventId,
    ticketId: order.ticket.id,
    title: order.ticket.title,
    price: order.ticket.price,
    currency: order.ticket.currency,
    expiresAt: order.expiresAt.toISOString(),
  });
