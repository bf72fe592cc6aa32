import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * Wanted lists, one entry per person per event. An entry's `_id` is `eventId|userId`, so a person
 * is on an event's list at most once (an insert on `_id` is atomic, on FerretDB too); `position`
 * comes from a per-event counter and a unique index on (eventId, position) makes two joins at the
 * same instant unable to share one. A person leaves by deleting their entry; joining again puts
 * them at the back.
 */
export interface WantedEntry {
  eventId: string;
  userId: string;
  maxPrice: number;
  currency: string;
  position: number;
  joinedAt: Date;
}

interface EntryDoc extends WantedEntry {
  _id: string;
}

const entrySchema = new Schema<EntryDoc>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    userId: { type: String, required: true },
    maxPrice: { type: Number, required: true },
    currency: { type: String, required: true },
    position: { type: Number, required: true },
    joinedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
entrySchema.index({ eventId: 1, position: 1 }, { unique: true });
entrySchema.index({ userId: 1 });

export const WantedEntryModel = model<EntryDoc>('WantedEntry', entrySchema, 'wanted');

/**
 * The next position of each event's list: `$inc` on one document per event. `closed` once the
 * event is cancelled: no join is taken from then on.
 */
interface CounterDoc {
  _id: string;
  next: number;
  closed?: boolean;
}
const counterSchema = new Schema<CounterDoc>(
  {
    _id: { type: String, required: true },
    next: { type: Number, required: true },
    closed: { type: Boolean },
  },
  { versionKey: false },
);
export const WantedCounterModel = model<CounterDoc>(
  'WantedCounter',
  counterSchema,
  'wantedcounters',
);

const entryId = (eventId: string, userId: string) => `${eventId}|${userId}`;

const toEntry = ({ eventId, userId, maxPrice, currency, position, joinedAt }: EntryDoc) => ({
  eventId,
  userId,
  maxPrice,
  currency,
  position,
  joinedAt,
});

/**
 * Takes the event's next position. Atomic on MongoDB by itself and on FerretDB through the
 * per-document write lock (decision 004); the unique index is the last word either way.
 */
export async function takePosition(eventId: string): Promise<number | 'closed'> {
  const doc = await WantedCounterModel.findOneAndUpdate(
    { _id: eventId },
    { $inc: { next: 1 } },
    { upsert: true, new: true },
  ).lean<CounterDoc>();
  if (!doc) throw new Error(`no wanted counter for ${eventId}`);
  return doc.closed ? 'closed' : doc.next;
}

/** Closes the event's list for good: no position is handed out after this write. */
export async function closeList(eventId: string): Promise<void> {
  await WantedCounterModel.updateOne(
    { _id: eventId },
    { $set: { closed: true }, $setOnInsert: { next: 0 } },
    { upsert: true },
  );
}

export async function isListClosed(eventId: string): Promise<boolean> {
  const doc = await WantedCounterModel.findById(eventId, { closed: 1 }).lean<CounterDoc>();
  return doc?.closed === true;
}

/** Everyone still on the event's list, first in line first. */
export async function entriesOfEvent(eventId: string): Promise<WantedEntry[]> {
  const docs = await WantedEntryModel.find({ eventId }).sort({ position: 1 }).lean<EntryDoc[]>();
  return docs.map(toEntry);
}

export type InsertOutcome = 'inserted' | 'already-on-list' | 'position-taken';

export async function insertEntry(entry: WantedEntry): Promise<InsertOutcome> {
  try {
    await WantedEntryModel.create({ _id: entryId(entry.eventId, entry.userId), ...entry });
    return 'inserted';
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const mine = await WantedEntryModel.exists({ _id: entryId(entry.eventId, entry.userId) });
    return mine ? 'already-on-list' : 'position-taken';
  }
}

export async function findEntry(eventId: string, userId: string): Promise<WantedEntry | undefined> {
  const doc = await WantedEntryModel.findById(entryId(eventId, userId)).lean<EntryDoc>();
  return doc ? toEntry(doc) : undefined;
}

/** Removes this very join (not a later one of the same person); true when it was there. */
export async function removeEntry(
  entry: Pick<WantedEntry, 'eventId' | 'userId' | 'position'>,
): Promise<boolean> {
  const res = await WantedEntryModel.deleteOne({
    _id: entryId(entry.eventId, entry.userId),
    position: entry.position,
  });
  return res.deletedCount === 1;
}

export async function listLength(eventId: string): Promise<number> {
  return WantedEntryModel.countDocuments({ eventId });
}

export async function hasWaiting(eventId: string): Promise<boolean> {
  return (await WantedEntryModel.exists({ eventId })) !== null;
}

/** 1 for the next in line. */
export async function placeOf(entry: Pick<WantedEntry, 'eventId' | 'position'>): Promise<number> {
  return (
    (await WantedEntryModel.countDocuments({
      eventId: entry.eventId,
      position: { $lt: entry.position },
    })) + 1
  );
}

export async function entriesOf(userId: string): Promise<WantedEntry[]> {
  const docs = await WantedEntryModel.find({ userId }).sort({ joinedAt: 1 }).lean<EntryDoc[]>();
  return docs.map(toEntry);
}

/**
 * The earliest join whose limit covers the price, leaving out `skip` (the seller, who cannot buy
 * their own listing). Lists are short, so reading one event's list is fine.
 */
export async function firstCovering(
  eventId: string,
  price: number,
  currency: string,
  skip: string,
): Promise<WantedEntry | undefined> {
  const doc = await WantedEntryModel.findOne({
    eventId,
    currency,
    maxPrice: { $gte: price },
    userId: { $ne: skip },
  })
    .sort({ position: 1 })
    .lean<EntryDoc>();
  return doc ? toEntry(doc) : undefined;
}

/** Per event: how many are waiting and the most any of them would pay. */
export async function demandFor(
  eventIds: string[],
): Promise<Map<string, { waiting: number; maxPrice: number; currency: string }>> {
  const docs = await WantedEntryModel.find(
    { eventId: { $in: eventIds } },
    { eventId: 1, maxPrice: 1, currency: 1 },
  ).lean<Pick<EntryDoc, 'eventId' | 'maxPrice' | 'currency'>[]>();
  const out = new Map<string, { waiting: number; maxPrice: number; currency: string }>();
  for (const d of docs) {
    const seen = out.get(d.eventId);
    if (!seen) out.set(d.eventId, { waiting: 1, maxPrice: d.maxPrice, currency: d.currency });
    else {
      seen.waiting++;
      seen.maxPrice = Math.max(seen.maxPrice, d.maxPrice);
    }
  }
  return out;
}

/** How many wait on each of these events (0 for an event nobody waits on). */
export async function lengthsOf(eventIds: string[]): Promise<Map<string, number>> {
  const docs = await WantedEntryModel.find({ eventId: { $in: eventIds } }, { eventId: 1 }).lean<
    Pick<EntryDoc, 'eventId'>[]
  >();
  const out = new Map(eventIds.map((id) => [id, 0]));
  for (const d of docs) out.set(d.eventId, (out.get(d.eventId) ?? 0) + 1);
  return out;
}
