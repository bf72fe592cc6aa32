import { ChargeModel } from './charges';
import { OrderModel } from './orders';
import { WebhookEventModel } from './webhook-events';

/** Waits until the collections and their indexes exist (only `_id` ones today). */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([OrderModel.init(), ChargeModel.init(), WebhookEventModel.init()]);
}
