import { isDuplicateKey, outboxEntry, withDocumentLock, type OutboxKick } from '@ticketing/common';
import type { Category } from '@ticketing/contracts';
import { Types, type FilterQuery } from 'mongoose';
import type { EventRecord } from '../domain/event-record';
import type { EventCriteria } from './event-catalog';
import { EventModel } from './event-model';
import { readModels } from './read-models';

/** Events in and out of their collection, as plain records. */

interface StoredEvent extends Omit<EventRecord, 'id' | 'startsAt' | 'createdAt'> {
  _id: Types.ObjectId;
  startsAt: Date;
  createdAt: Date;
}

const NO_OUTBOX = { outbox: 0 } as const;

export const toEventRecord = (doc: StoredEvent): EventRecord => ({
  id: doc._id.toHexString(),
  key: doc.key,
  title: doc.title,
  category: doc.category,
  venue: doc.venue,
  startsAt: doc.startsAt.toISOString(),
  status: doc.status,
  createdBy: doc.createdBy,
  version: doc.version,
  createdAt: doc.createdAt.toISOString(),
});

const isEventId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** One event as the store has it (a cancellation decides on it, not on a copy). */
export async function findStoredEvent(id: string): Promise<EventRecord | undefined> {
  if (!isEventId(id)) return undefined;
  const doc = await EventModel.findById(id, NO_OUTBOX).lean<StoredEvent>();
  return doc ? toEventRecord(doc) : undefined;
}

export async function findEvent(id: string): Promise<EventRecord | undefined> {
  if (!isEventId(id)) return undefined;
  if (readModels.catalog) return readModels.catalog.get(id);
  const doc = await EventModel.findById(id, NO_OUTBOX).lean<StoredEvent>();
  return doc ? toEventRecord(doc) : undefined;
}

export async function findEventByKey(key: string): Promise<EventRecord | undefined> {
  const doc = await EventModel.findOne({ key }, NO_OUTBOX).lean<StoredEvent>();
  return doc ? toEventRecord(doc) : undefined;
}

export interface NewEvent {
  key: string;
  title: string;
  category: Category;
  venue: string;
  startsAt: string;
  createdBy: string;
}

/**
 * The event with this key, created (with its event.created in its outbox) if there is none. The
 * key is unique in the store, so two processes creating one event at once end with one.
 */
export async function findOrCreateEvent(written: OutboxKick, e: NewEvent): Promise<EventRecord> {
  return withDocumentLock(EventModel.collection.name, `key:${e.key}`, async () => {
    const found = await findEventByKey(e.key);
    if (found) return found;
    const _id = new Types.ObjectId();
    const snapshot = {
      id: _id.toHexString(),
      version: 0,
      title: e.title,
      category: e.category,
      venue: e.venue,
      startsAt: e.startsAt,
      status: 'scheduled' as const,
    };
    try {
      const doc = await EventModel.create({
        _id,
        ...e,
        startsAt: new Date(e.startsAt),
        status: 'scheduled',
        version: 0,
        outbox: [outboxEntry('event.created', snapshot)],
      });
      const record = toEventRecord(doc.toObject() as unknown as StoredEvent);
      readModels.catalog?.apply(record);
      written(record.id);
      return record;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const winner = await findEventByKey(e.key);
      if (!winner) throw err;
      return winner;
    }
  });
}

/**
 * Marks a scheduled event cancelled with event.cancelled in its outbox: one conditional write on
 * the version read, so a second cancellation (or any change meanwhile) writes nothing. Returns
 * the event as cancelled, or undefined when it was no longer the version read.
 */
export async function markEventCancelled(
  written: OutboxKick,
  event: EventRecord,
): Promise<EventRecord | undefined> {
  const next: EventRecord = { ...event, status: 'cancelled', version: event.version + 1 };
  const snapshot = {
    id: next.id,
    version: next.version,
    title: next.title,
    category: next.category,
    venue: next.venue,
    startsAt: next.startsAt,
    status: next.status,
  };
  const res = await EventModel.updateOne(
    { _id: event.id, status: 'scheduled', version: event.version },
    {
      $set: { status: 'cancelled' },
      $inc: { version: 1 },
      $push: { outbox: outboxEntry('event.cancelled', snapshot) },
    },
  );
  if (res.matchedCount !== 1) return undefined;
  readModels.catalog?.apply(next);
  written(next.id);
  return next;
}

/** The ids of the cancelled events (few: each is an organiser's decision). */
export async function cancelledEventIds(): Promise<string[]> {
  if (readModels.catalog) return readModels.catalog.cancelledIds();
  const docs = await EventModel.find({ status: 'cancelled' }, { _id: 1 }).lean<
    { _id: Types.ObjectId }[]
  >();
  return docs.map((d) => d._id.toHexString());
}

/** Every event, for the read model's start. */
export async function allEvents(): Promise<EventRecord[]> {
  const docs = await EventModel.find({}, NO_OUTBOX).lean<StoredEvent[]>();
  return docs.map(toEventRecord);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A page of upcoming scheduled events, soonest first. */
export async function listEvents(
  c: EventCriteria,
  page: number,
  limit: number,
): Promise<{ items: EventRecord[]; total: number }> {
  if (readModels.catalog) return readModels.catalog.page(c, page, limit);
  const filter: FilterQuery<StoredEvent> = {
    status: 'scheduled',
    startsAt: { $gt: c.startsAfter },
  };
  if (c.category) filter.category = c.category;
  if (c.text) {
    const pattern = escapeRegex(c.text);
    filter.$or = [
      { title: { $regex: pattern, $options: 'i' } },
      { venue: { $regex: pattern, $options: 'i' } },
    ];
  }
  const [docs, total] = await Promise.all([
    EventModel.find(filter, NO_OUTBOX)
      .sort({ startsAt: 1, _id: 1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<StoredEvent[]>(),
    EventModel.countDocuments(filter),
  ]);
  return { items: docs.map(toEventRecord), total };
}
