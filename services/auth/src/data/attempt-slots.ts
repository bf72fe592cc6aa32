import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * Rate limit counts shared by every replica. Each admitted attempt claims a numbered slot of its
 * key's window, and a unique index lets each slot be claimed once, so no more than `max` attempts
 * are admitted however many race.
 *
 * Not `findOneAndUpdate($inc, upsert)`: FerretDB 1.x on SQLite reads and writes an update in two
 * steps (FerretDB/FerretDB#3040), so concurrent increments are lost and a burst of 20 parallel
 * attempts all came back under a limit of 10. Unique indexes are enforced by SQLite itself.
 * FerretDB has no TTL indexes either, so old windows are removed by `dropSlotsBefore`.
 */
const slotSchema = new Schema(
  {
    key: { type: String, required: true },
    windowStart: { type: Date, required: true },
    slot: { type: Number, required: true },
  },
  { versionKey: false },
);
slotSchema.index({ key: 1, windowStart: 1, slot: 1 }, { unique: true });
slotSchema.index({ windowStart: 1 });

export const AttemptSlotModel = model('AttemptSlot', slotSchema, 'attempt_slots');

/** Claims the next free of `max` slots of `key` in the window; false once all are taken. */
export async function claimSlot(key: string, windowStart: Date, max: number): Promise<boolean> {
  const taken = await AttemptSlotModel.countDocuments({ key, windowStart });
  // The count can be stale under a race; the unique index is what decides, so try the next slot.
  for (let slot = taken + 1; slot <= max; slot++) {
    try {
      await AttemptSlotModel.create({ key, windowStart, slot });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return false;
}

export async function dropSlotsBefore(windowStart: Date): Promise<void> {
  await AttemptSlotModel.deleteMany({ windowStart: { $lt: windowStart } });
}
