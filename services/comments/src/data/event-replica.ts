import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * Comments' copy of each event: whether it exists and is cancelled, nothing else. Versions
 * apply in order (v only on top of v-1), as for the listings.
 */
export interface EventReplica {
  id: string;
  cancelled: boolean;
  version: number;
}

interface EventDoc extends Omit<EventReplica, 'id'> {
  _id: string;
}

const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    cancelled: { type: Boolean, default: false },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

export const EventReplicaModel = model<EventDoc>('EventReplica', eventSchema, 'events');

export async function findEvent(id: string): Promise<EventReplica | undefined> {
  const doc = await EventReplicaModel.findById(id).lean<EventDoc>();
  return doc ? { id: doc._id, cancelled: doc.cancelled ?? false, version: doc.version } : undefined;
}

/** Inserts an event's first known version; false when the replica already has it. */
export async function insertEvent(event: EventReplica): Promise<boolean> {
  const { id, ...fields } = event;
  try {
    await EventReplicaModel.create({ _id: id, ...fields });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Cancelling is final: marks the event cancelled whatever the replica held before, inserting it
 * when its creation has not arrived yet.
 */
export async function markEventCancelled(id: string, version: number): Promise<void> {
  if (await insertEvent({ id, cancelled: true, version })) return;
  await EventReplicaModel.updateOne(
    { _id: id, cancelled: false },
    { $set: { cancelled: true, version } },
  );
}
