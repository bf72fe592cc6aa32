import { z } from 'zod';
import { CancelReason, Id, Instant, OrderStatus, Version, pageInfo, pageParams } from './shared';
import { Ticket } from './tickets';
import { PriorityHold } from './wanted';

export const PlaceOrderInput = z
  .object({
    ticketId: z
      .string({
        error: (issue) =>
          issue.input === undefined ? 'ticketId is required' : 'ticketId must be a string',
      })
      .trim()
      .min(1, 'ticketId is required')
      .max(100, 'ticketId must be at most 100 characters'),
  })
  .strict();
export type PlaceOrderInput = z.infer<typeof PlaceOrderInput>;

/** A buyer's orders, newest first, a page at a time like every list. */
export const ListOrdersQuery = z.object({ status: OrderStatus.optional(), ...pageParams() });
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;

/** What an order holds of its ticket, copied when it was placed. */
export const OrderTicket = Ticket.pick({
  id: true,
  title: true,
  price: true,
  currency: true,
  sellerId: true,
});
export type OrderTicket = z.infer<typeof OrderTicket>;

/**
 * Why a cancelled order ended. Besides the announced reasons, `abandoned` marks an order whose
 * placing stopped after its reservation and which the orphan sweeper closed.
 */
export const OrderCancelReason = z.enum([...CancelReason.options, 'abandoned']);
export type OrderCancelReason = z.infer<typeof OrderCancelReason>;

export const Order = z.object({
  id: Id,
  userId: Id,
  status: OrderStatus,
  ticket: OrderTicket,
  expiresAt: Instant,
  version: Version,
  paymentId: z.string().nullable(),
  cancelReason: OrderCancelReason.nullable().describe('set once the order is cancelled'),
  createdAt: Instant,
  /** Set when the order is a priority hold made for the first person on a wanted list. */
  wanted: PriorityHold.nullable().describe('set on a priority hold for a wanted list'),
});
export type Order = z.infer<typeof Order>;

export const OrderList = z.object({ items: z.array(Order), ...pageInfo });
export type OrderList = z.infer<typeof OrderList>;
