import { outboxField } from '@ticketing/common';
import { Category, TicketStatus } from '@ticketing/contracts';
import { Schema, model } from 'mongoose';
import { EventModel } from './event-model';
import { PayoutModel } from './payout-model';

const ticketSchema = new Schema(
  {
    title: { type: String, required: true },
    category: { type: String, required: true, enum: Category.options },
    venue: { type: String, required: true },
    startsAt: { type: Date, required: true },
    price: { type: Number, required: true },
    currency: { type: String, required: true },
    sellerId: { type: String, required: true },
    status: { type: String, required: true, enum: TicketStatus.options, default: 'available' },
    orderId: { type: String, default: null },
    holderId: { type: String, default: null },
    version: { type: Number, required: true, default: 0 },
    // The Event it belongs to; null only on tickets listed before events (migrate-events.ts).
    eventId: { type: String, default: null, index: true },
    // Groups the tickets of one event (same title, venue and start).
    eventKey: { type: String, required: true, index: true },
    // Absent on tickets listed before resale: their price is their face value.
    faceValue: { type: Number },
    resale: { type: Boolean, default: false },
    resales: { type: Number, default: 0 },
    ownership: {
      type: [
        new Schema(
          {
            from: String,
            to: String,
            orderId: String,
            price: Number,
            currency: String,
            resale: Boolean,
            at: Date,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    // Deleted tickets stay (soft delete) so the relay can still publish their ticket.deleted.
    deletedAt: { type: Date, default: null },
    outbox: outboxField,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// The listing always filters on status and sorts by start or price.
ticketSchema.index({ status: 1, startsAt: 1 });
ticketSchema.index({ status: 1, price: 1 });
// "My tickets", and an event's page answered from the store.
ticketSchema.index({ holderId: 1 });
ticketSchema.index({ eventId: 1, status: 1, price: 1 });

export const TicketModel = model('Ticket', ticketSchema);

/** Order ids seen in order.cancelled, so a late order.created for them reserves nothing. */
const cancelledOrderSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
    cancelledAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const CancelledOrderModel = model(
  'CancelledOrder',
  cancelledOrderSchema,
  'cancelled_orders',
);

/** Waits until the indexes exist: autoIndex builds them in the background otherwise. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([
    TicketModel.init(),
    CancelledOrderModel.init(),
    EventModel.init(),
    PayoutModel.init(),
  ]);
}
