import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

export const OrdersEnv = CommonEnv.extend({
  /** How long an order holds its ticket before it expires. */
  EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** How long a priority hold for the first person on a wanted list lasts. */
  WANTED_HOLD_SECONDS: z.coerce.number().int().positive().default(600),
  /** The Dapr state store notifications are kept in (components/<profile>/appstate.yaml). */
  APP_STATE_NAME: z.string().default('appstate'),
});
export type OrdersConfig = z.infer<typeof OrdersEnv>;

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadConfig(OrdersEnv, env);
}
