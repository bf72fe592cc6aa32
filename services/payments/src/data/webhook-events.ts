import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/** Stripe event ids already handled: Stripe delivers at least once and may resend any event. */
const webhookEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'webhook_events' },
);

export const WebhookEventModel = model('WebhookEvent', webhookEventSchema);

export async function isWebhookEventRecorded(id: string): Promise<boolean> {
  return (await WebhookEventModel.exists({ _id: id })) !== null;
}

/** Records a handled event; false when another delivery recorded it first. */
export async function recordWebhookEvent(id: string, type: string, at: Date): Promise<boolean> {
  try {
    await WebhookEventModel.create({ _id: id, type, receivedAt: at });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
