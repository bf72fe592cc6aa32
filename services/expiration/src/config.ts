import { CommonEnv, loadConfig } from '@ticketing/common';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const ExpirationEnv = CommonEnv.extend({
  /** How often a due reminder fires again until the order is completed or cancelled. */
  EXPIRATION_REMINDER_PERIOD_SECONDS: positiveInt.default(5),
  /**
   * How long after expiresAt a reminder may keep firing. It bounds the re-firing of a reminder
   * whose order.cancelled/order.completed arrived before its order.created (so nobody removes it).
   */
  EXPIRATION_REMINDER_TTL_SECONDS: positiveInt.default(900),
  /**
   * After publishing an order's expiration.complete the actor removes its reminder; should that
   * fail, the firings of this long after the publish publish nothing (they retry the removal).
   */
  EXPIRATION_REPUBLISH_AFTER_SECONDS: positiveInt.default(60),
});
export type ExpirationConfig = z.infer<typeof ExpirationEnv>;

export function loadExpirationConfig(env: NodeJS.ProcessEnv = process.env): ExpirationConfig {
  return loadConfig(ExpirationEnv, env);
}
