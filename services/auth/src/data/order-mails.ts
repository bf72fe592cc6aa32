// Loaded first so its write-lock plugin (decision 004) is on this schema when it compiles.
import '@ticketing/common';
import { Schema, model } from 'mongoose';
import type { OrderSummary } from '../domain/mail-templates';

export type MailKind = 'receipt' | 'lapsed';

/**
 * What auth keeps of each order to write its mails, and which mails went out. A mail is claimed
 * (`sending`) before it is sent and marked `sent` after, so a redelivered event sends nothing.
 */
const claimSchema = new Schema({ state: String, at: Date }, { _id: false });
const orderMailSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    title: { type: String, required: true },
    price: { type: Number, required: true },
    currency: { type: String, required: true },
    receipt: { type: claimSchema, default: null },
    lapsed: { type: claimSchema, default: null },
  },
  { versionKey: false },
);

export const OrderMailModel = model('OrderMail', orderMailSchema, 'order_mails');

export interface OrderMailRecord extends OrderSummary {
  userId: string;
}

/** Keeps an order's summary the first time it is seen; later copies change nothing. */
export async function rememberOrder(order: OrderMailRecord): Promise<void> {
  const { orderId, ...rest } = order;
  await OrderMailModel.updateOne({ _id: orderId }, { $setOnInsert: rest }, { upsert: true });
}

export async function findOrder(orderId: string): Promise<OrderMailRecord | undefined> {
  const doc = await OrderMailModel.findById(orderId).lean();
  if (!doc) return undefined;
  return {
    orderId: doc._id,
    userId: doc.userId,
    title: doc.title,
    price: doc.price,
    currency: doc.currency,
  };
}

export type Claim = 'claimed' | 'sent' | 'busy';

/**
 * Claims the order's mail of this kind for sending. A claim older than `staleMs` is taken over:
 * its sender died between claiming and marking it sent.
 */
export async function claimMail(
  orderId: string,
  kind: MailKind,
  now: Date,
  staleMs: number,
): Promise<Claim> {
  const claimed = await OrderMailModel.updateOne(
    {
      _id: orderId,
      $or: [
        { [kind]: null },
        {
          [`${kind}.state`]: 'sending',
          [`${kind}.at`]: { $lt: new Date(now.getTime() - staleMs) },
        },
      ],
    },
    { $set: { [kind]: { state: 'sending', at: now } } },
  );
  if (claimed.modifiedCount === 1) return 'claimed';
  const doc = await OrderMailModel.findById(orderId, { [kind]: 1 }).lean();
  const state = (doc as Record<string, { state?: string } | null> | null)?.[kind]?.state;
  return state === 'sent' ? 'sent' : 'busy';
}

export async function markMail(orderId: string, kind: MailKind, sent: boolean, now: Date) {
  await OrderMailModel.updateOne(
    { _id: orderId },
    { $set: { [kind]: sent ? { state: 'sent', at: now } : null } },
  );
}
