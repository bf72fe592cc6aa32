import { OrderStatus } from '@ticketing/common';
import { z } from 'zod';

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

export const ListOrdersQuery = z.object({ status: OrderStatus.optional() });
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;
