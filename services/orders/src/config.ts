import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

export const OrdersEnv = CommonEnv.extend({
  /** How long an order holds its ticket before it expires. */
  EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
});
export type OrdersConfig = z.infer<typeof OrdersEnv>;

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadConfig(OrdersEnv, env);
}
