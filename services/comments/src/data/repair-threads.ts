import { CommentModel } from './comments';
import { closeThread, rebuildThread, threadKey } from './threads';

/*
 * At start: brings the threads (threads.ts) in line with the comments where a change did not
 * finish, and lists comments made before threads existed. Comments to look at: without a
 * position (made before threads), not yet listed a minute after their insert (a stop between the
 * insert and the counts), or marked `removing` (a stop between the mark and the delete). When
 * there are none this is one query. Otherwise every comment is read once and each thread
 * concerned is rebuilt from its comments. A replica writing to one of those very threads while
 * another starts could be counted twice or not at all; `rebuildThread` sets the counts from
 * the comments, so the next start puts that right.
 */

interface Row {
  _id: string;
  ticketId?: string | null;
  eventId?: string | null;
  hidden?: boolean;
  createdAt: Date;
  seq?: number;
  listed?: boolean;
  removing?: 'delete' | 'hide';
}

const IN_FLIGHT_MS = 60_000;
/** Position updates at once, for a migration of many comments. */
const PARALLEL = 16;

const keyOf = (r: Row) =>
  r.ticketId ? threadKey({ ticketId: r.ticketId }) : threadKey({ eventId: r.eventId! });

export async function repairThreads(now: Date): Promise<{ threads: number; comments: number }> {
  const cutoff = new Date(now.getTime() - IN_FLIGHT_MS);
  const suspect = await CommentModel.exists({
    $or: [
      { seq: { $exists: false }, hidden: false },
      { listed: false, hidden: false, createdAt: { $lt: cutoff } },
      { removing: { $exists: true } },
    ],
  });
  if (!suspect) return { threads: 0, comments: 0 };

  const rows = await CommentModel.find(
    {},
    {
      _id: 1,
      ticketId: 1,
      eventId: 1,
      hidden: 1,
      createdAt: 1,
      seq: 1,
      listed: 1,
      removing: 1,
    },
  ).lean<Row[]>();
  const byThread = new Map<string, Row[]>();
  for (const r of rows) {
    if (!r.ticketId && !r.eventId) continue;
    const key = keyOf(r);
    byThread.set(key, [...(byThread.get(key) ?? []), r]);
  }
  const needsWork = (r: Row) =>
    r.removing !== undefined ||
    (!r.hidden && (r.seq === undefined || (r.listed === false && r.createdAt < cutoff)));

  let threads = 0;
  let comments = 0;
  for (const [key, all] of byThread) {
    if (!all.some(needsWork)) continue;
    threads++;
    // Finish the removals a stop cut short.
    for (const r of all.filter((r) => r.removing)) {
      if (r.removing === 'delete') await CommentModel.deleteOne({ _id: r._id });
      else
        await CommentModel.updateOne(
          { _id: r._id },
          { $set: { hidden: true, listed: false }, $unset: { removing: '' } },
        );
    }
    const visible = all.filter((r) => !r.hidden && !r.removing);
    if (visible.length === 0) {
      if (all.some((r) => r.hidden)) await closeThread(key);
      continue;
    }
    // Comments without a position take the next ones, oldest first.
    let next = visible.reduce((m, r) => Math.max(m, (r.seq ?? -1) + 1), 0);
    const unplaced = visible
      .filter((r) => r.seq === undefined)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1));
    for (const r of unplaced) r.seq = next++;
    // Each one updated by `_id` (a filter on anything else is a scan on FerretDB).
    const toList = visible.filter((r) => r.listed !== true || unplaced.includes(r));
    for (let i = 0; i < toList.length; i += PARALLEL)
      await Promise.all(
        toList
          .slice(i, i + PARALLEL)
          .map((r) =>
            CommentModel.updateOne(
              { _id: r._id },
              { $set: { thread: key, seq: r.seq, listed: true } },
            ),
          ),
      );
    const ticketOfEvent = visible.find((r) => r.ticketId && r.eventId);
    await rebuildThread(
      key,
      visible.map((r) => ({ id: r._id, seq: r.seq! })),
      ticketOfEvent
        ? { eventId: ticketOfEvent.eventId!, ticketId: ticketOfEvent.ticketId! }
        : undefined,
    );
    comments += unplaced.length;
  }
  return { threads, comments };
}
