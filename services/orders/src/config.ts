import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

export const OrdersEnv = CommonEnv.extend({
  /** How long an order holds its ticket before it expires. */
  EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** How long a priority hold for the first person on a wanted list lasts. */
  WANTED_HOLD_SECONDS: z.coerce.number().int().positive().default(600),
  /** The Dapr state store notifications are kept in (components/<profile>/appstate.yaml). */
  APP_STATE_NAME: z.string().default('appstate'),
  /** Open (unpaid) orders one buyer may hold at once; 0 turns the cap off. */
  MAX_OPEN_ORDERS: z.coerce.number().int().min(0).max(10_000).default(4),
  /** Orders one buyer, and one client address, may place per window; 0 turns a limit off. */
  ORDER_RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).default(20),
  ORDER_RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(0).default(120),
  ORDER_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
});
export type OrdersConfig = z.infer<typeof OrdersEnv>;

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadConfig(OrdersEnv, env);
}
