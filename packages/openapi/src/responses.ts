import { Category, OrderStatus, TicketStatus } from '@ticketing/common';
import { z } from 'zod';

/** What the services answer with; requests come from the services' own input schemas. */
export const ErrorBody = z.object({
  errors: z.array(z.object({ message: z.string(), field: z.string().optional() })),
});

export const User = z.object({ id: z.string(), email: z.string() });
export const Session = z.object({
  user: User,
  token: z.string().describe('JWT for Authorization: Bearer'),
});
export const CurrentUser = z.object({ currentUser: User.nullable() });

export const Ticket = z.object({
  id: z.string(),
  title: z.string(),
  category: Category,
  venue: z.string(),
  startsAt: z.string().describe('ISO date-time, UTC'),
  price: z.number().int().describe('minor units'),
  currency: z.string(),
  sellerId: z.string(),
  status: TicketStatus,
  orderId: z.string().nullable(),
  holderId: z.string().nullable(),
  version: z.number().int(),
  eventKey: z.string().describe('title|venue|startsAt: tickets of one event share it'),
  createdAt: z.string(),
});
export const TicketList = z.object({
  items: z.array(Ticket),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
});
export const CreatedTickets = z.object({ tickets: z.array(Ticket) });

export const Order = z.object({
  id: z.string(),
  userId: z.string(),
  status: OrderStatus,
  ticket: z.object({
    id: z.string(),
    title: z.string(),
    price: z.number().int(),
    currency: z.string(),
    sellerId: z.string(),
  }),
  expiresAt: z.string(),
  version: z.number().int(),
  paymentId: z.string().nullable(),
  createdAt: z.string(),
});
export const OrderList = z.object({ items: z.array(Order) });

export const Payment = z.object({
  id: z.string(),
  orderId: z.string(),
  intentId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  state: z.enum(['succeeded', 'processing']),
});
