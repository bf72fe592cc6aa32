import { outboxField } from '@ticketing/common';
import { Category, EventStatus } from '@ticketing/contracts';
import { Schema, model } from 'mongoose';

/** An event: the show its tickets admit to. `key` (title|venue|start) makes it one per show. */
const eventSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    category: { type: String, required: true, enum: Category.options },
    venue: { type: String, required: true },
    startsAt: { type: Date, required: true, index: true },
    status: { type: String, required: true, enum: EventStatus.options, default: 'scheduled' },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    outbox: outboxField,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const EventModel = model('Event', eventSchema);
