import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/*
 * The read side of comments, kept in the store so every replica reads the same thing, and read
 * only by `_id` (FerretDB finds a document by `_id` through an index; it filters and sorts
 * anything else in Go, decision 008). Decision 017.
 *
 * - A thread per target: `t:<ticketId>` for a listing, `e:<eventId>` for an event's own comments.
 *   It holds `next` (the last position handed out), `count` (visible comments), `sizes` (visible
 *   comments per page document) and, on an event's thread, `tickets` (visible comments per listing
 *   of the event). Every change is an `$inc`, atomic on MongoDB and under the per-document lock on
 *   FerretDB (decision 004). `closed` once the target is gone: nothing is counted or listed.
 * - Page documents `<thread>|<n>` hold the entries of positions n*PAGE .. n*PAGE+PAGE-1, each
 *   `<position, zero-padded>:<comment id>` so they sort by position and add and remove exactly.
 *
 * A page of comments is the thread, the one or two page documents it falls in, and the comments
 * by id: the same handful of reads with 10 or 100,000 comments.
 */

/** Entries per page document. */
export const PAGE = 100;

export interface Thread {
  id: string;
  next: number;
  count: number;
  sizes: Record<string, number>;
  tickets: Record<string, number>;
  closed: boolean;
}

interface ThreadDoc {
  _id: string;
  next?: number;
  count?: number;
  sizes?: Record<string, number>;
  tickets?: Record<string, number>;
  closed?: boolean;
}

const threadSchema = new Schema<ThreadDoc>(
  {
    _id: { type: String, required: true },
    next: Number,
    count: Number,
    sizes: { type: Schema.Types.Mixed },
    tickets: { type: Schema.Types.Mixed },
    closed: Boolean,
  },
  { versionKey: false, minimize: false },
);
export const ThreadModel = model<ThreadDoc>('Thread', threadSchema, 'threads');

interface PageDoc {
  _id: string;
  entries: string[];
}
const pageSchema = new Schema<PageDoc>(
  { _id: { type: String, required: true }, entries: { type: [String], default: [] } },
  { versionKey: false },
);
export const ThreadPageModel = model<PageDoc>('ThreadPage', pageSchema, 'threadpages');

export type ThreadTarget = { ticketId: string } | { eventId: string };

export const threadKey = (t: ThreadTarget): string =>
  'ticketId' in t ? `t:${t.ticketId}` : `e:${t.eventId}`;
export const eventThreadKey = (eventId: string): string => `e:${eventId}`;

export const pageOf = (seq: number): number => Math.floor(seq / PAGE);
export const pageKey = (thread: string, page: number): string => `${thread}|${page}`;
export const entryOf = (seq: number, commentId: string): string =>
  `${String(seq).padStart(12, '0')}:${commentId}`;
const idOfEntry = (entry: string): string => entry.slice(entry.indexOf(':') + 1);
const sizeField = (page: number) => `sizes.p${page}`;

const toThread = (d: ThreadDoc): Thread => ({
  id: d._id,
  next: d.next ?? 0,
  count: d.closed ? 0 : Math.max(0, d.count ?? 0),
  sizes: d.sizes ?? {},
  tickets: d.closed ? {} : (d.tickets ?? {}),
  closed: d.closed ?? false,
});

export async function findThread(key: string): Promise<Thread | undefined> {
  const doc = await ThreadModel.findById(key).lean<ThreadDoc>();
  return doc ? toThread(doc) : undefined;
}

/** Hands out the thread's next position; 'closed' when its target is gone. */
export async function takePosition(key: string): Promise<number | 'closed'> {
  const doc = await ThreadModel.findOneAndUpdate(
    { _id: key },
    { $inc: { next: 1 } },
    { upsert: true, new: true },
  ).lean<ThreadDoc>();
  if (!doc) throw new Error(`no thread ${key}`);
  return doc.closed ? 'closed' : (doc.next ?? 1) - 1;
}

export interface Listed {
  id: string;
  thread: string;
  seq: number;
  /** A listing's comment that belongs to an event: counted on the event's thread too. */
  ticketId: string | null;
  eventId: string | null;
}

/** Adds a stored comment to its page document and its counts (after its insert). */
export async function addToThread(c: Listed): Promise<void> {
  const page = pageOf(c.seq);
  await ThreadPageModel.updateOne(
    { _id: pageKey(c.thread, page) },
    { $addToSet: { entries: entryOf(c.seq, c.id) } },
    { upsert: true },
  );
  await ThreadModel.updateOne(
    { _id: c.thread, closed: { $ne: true } },
    { $inc: { count: 1, [sizeField(page)]: 1 } },
  );
  if (c.ticketId && c.eventId) await countOnEvent(c.eventId, c.ticketId, 1);
}

/** Takes a comment out of its page document and its counts (before it is deleted or hidden). */
export async function removeFromThread(c: Listed): Promise<void> {
  const page = pageOf(c.seq);
  await ThreadPageModel.updateOne(
    { _id: pageKey(c.thread, page) },
    { $pull: { entries: entryOf(c.seq, c.id) } },
  );
  await ThreadModel.updateOne(
    { _id: c.thread, closed: { $ne: true } },
    { $inc: { count: -1, [sizeField(page)]: -1 } },
  );
  if (c.ticketId && c.eventId) await countOnEvent(c.eventId, c.ticketId, -1);
}

async function countOnEvent(eventId: string, ticketId: string, by: number): Promise<void> {
  try {
    await ThreadModel.updateOne(
      { _id: eventThreadKey(eventId), closed: { $ne: true } },
      { $inc: { [`tickets.${ticketId}`]: by } },
      { upsert: true },
    );
  } catch (err) {
    // The event's thread is closed (cancelled): the upsert collides with it, nothing to count.
    if (!isDuplicateKey(err)) throw err;
  }
}

/** The target is gone: its thread lists and counts nothing from now on, and takes no comment. */
export async function closeThread(key: string): Promise<void> {
  await ThreadModel.updateOne(
    { _id: key },
    { $set: { closed: true, count: 0, sizes: {}, tickets: {} } },
    { upsert: true },
  );
}

/** A listing of the event is gone: the event's counts forget it. */
export async function forgetTicketOnEvent(eventId: string, ticketId: string): Promise<void> {
  await ThreadModel.updateOne(
    { _id: eventThreadKey(eventId) },
    { $unset: { [`tickets.${ticketId}`]: '' } },
  );
}

/** A listing joined its event after it had comments: the event counts them from now on. */
export async function countTicketOnEvent(eventId: string, ticketId: string): Promise<void> {
  const ticket = await findThread(threadKey({ ticketId }));
  if (!ticket || ticket.count === 0) return;
  await ThreadModel.updateOne(
    { _id: eventThreadKey(eventId) },
    { $set: { [`tickets.${ticketId}`]: ticket.count } },
    { upsert: true },
  );
}

/**
 * The ids of the visible comments at [skip, skip + limit) newest first, and the total: the
 * thread, then only the page documents that range falls in.
 */
export async function idsOnPage(
  key: string,
  skip: number,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const thread = await findThread(key);
  if (!thread || thread.closed || thread.count === 0) return { ids: [], total: 0 };
  const wanted: number[] = [];
  let before = 0;
  let offset = 0;
  for (let page = pageOf(Math.max(0, thread.next - 1)); page >= 0; page--) {
    const size = Math.max(0, thread.sizes[`p${page}`] ?? 0);
    if (size === 0) continue;
    if (before + size > skip) {
      if (wanted.length === 0) offset = skip - before;
      wanted.push(page);
    }
    before += size;
    if (before >= skip + limit) break;
  }
  const pages = await Promise.all(
    wanted.map((p) => ThreadPageModel.findById(pageKey(key, p)).lean<PageDoc>()),
  );
  const entries = pages.flatMap((p) => [...(p?.entries ?? [])].sort().reverse());
  return { ids: entries.slice(offset, offset + limit).map(idOfEntry), total: thread.count };
}

/** Visible comments per listing, by thread id (absent or closed: 0). */
export async function countsOf(keys: string[]): Promise<Map<string, number>> {
  const threads = await Promise.all(keys.map(findThread));
  return new Map(keys.map((k, i) => [k, threads[i]?.count ?? 0]));
}

/**
 * Rebuilds a thread from its visible comments (each with its position): its page documents and
 * counts, and, for a listing of an event, the event's count of it. For the start's repair of
 * changes a stop cut short, and the migration of comments made before threads.
 */
export async function rebuildThread(
  key: string,
  comments: { id: string; seq: number }[],
  eventOfTicket?: { eventId: string; ticketId: string },
): Promise<void> {
  const byPage = new Map<number, string[]>();
  for (const c of comments) {
    const page = pageOf(c.seq);
    byPage.set(page, [...(byPage.get(page) ?? []), entryOf(c.seq, c.id)]);
  }
  const next = comments.reduce((m, c) => Math.max(m, c.seq + 1), 0);
  const current = await findThread(key);
  const last = pageOf(Math.max(next, current?.next ?? 0));
  for (let page = 0; page <= last; page++) {
    const entries = byPage.get(page) ?? [];
    if (entries.length === 0 && !(await ThreadPageModel.exists({ _id: pageKey(key, page) })))
      continue;
    await ThreadPageModel.updateOne(
      { _id: pageKey(key, page) },
      { $set: { entries } },
      { upsert: true },
    );
  }
  const sizes = Object.fromEntries([...byPage].map(([p, e]) => [`p${p}`, e.length]));
  await ThreadModel.updateOne(
    { _id: key },
    { $set: { count: comments.length, sizes, next: Math.max(next, current?.next ?? 0) } },
    { upsert: true },
  );
  if (eventOfTicket)
    await ThreadModel.updateOne(
      { _id: eventThreadKey(eventOfTicket.eventId) },
      { $set: { [`tickets.${eventOfTicket.ticketId}`]: comments.length } },
      { upsert: true },
    );
}
