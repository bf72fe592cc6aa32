import { PayoutStatus } from '@ticketing/contracts';
import { Schema, model } from 'mongoose';

/** What is owed to a reseller for one resale; the buying order's id makes it once per sale. */
const payoutSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
    eventId: { type: String, required: true },
    title: { type: String, required: true },
    sellerId: { type: String, required: true, index: true },
    buyerId: { type: String, required: true },
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
    status: { type: String, required: true, enum: PayoutStatus.options, default: 'owed' },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const PayoutModel = model('Payout', payoutSchema);
