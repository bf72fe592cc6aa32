import { Schema, Types, model } from 'mongoose';
import {
  addToThread,
  closeThread,
  countsOf,
  countTicketOnEvent,
  findThread,
  idsOnPage,
  removeFromThread,
  takePosition,
  threadKey,
  type Listed,
  type ThreadTarget,
} from './threads';

/**
 * A comment as the store keeps it. `hidden` is set when what it is about goes away (the listing
 * is deleted, the event cancelled): hidden comments are never shown, counted or changed.
 */
export interface StoredComment {
  id: string;
  ticketId: string | null;
  eventId: string | null;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
  editedAt: Date | null;
  hidden: boolean;
}

interface CommentDoc extends Omit<StoredComment, 'id'> {
  _id: string;
  /** Its thread (threads.ts) and position in it; absent on comments made before threads. */
  thread?: string;
  seq?: number;
  /** In its thread's pages and counts. False from its insert until it is. */
  listed?: boolean;
  /** Being taken out of its thread, then deleted or hidden (a stop in between is repaired). */
  removing?: 'delete' | 'hide';
}

const commentSchema = new Schema<CommentDoc>(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, default: null },
    eventId: { type: String, default: null },
    authorId: { type: String, required: true },
    authorName: { type: String, required: true },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
    editedAt: { type: Date, default: null },
    hidden: { type: Boolean, default: false },
    thread: { type: String },
    seq: { type: Number },
    listed: { type: Boolean },
    removing: { type: String },
  },
  { versionKey: false },
);
// Pages and counts are read from the threads (threads.ts); these serve the hiding of a target.
commentSchema.index({ ticketId: 1, hidden: 1, createdAt: -1 });
commentSchema.index({ eventId: 1, hidden: 1, createdAt: -1 });

export const CommentModel = model<CommentDoc>('Comment', commentSchema, 'comments');

const toComment = (d: CommentDoc): StoredComment => ({
  id: d._id,
  ticketId: d.ticketId ?? null,
  eventId: d.eventId ?? null,
  authorId: d.authorId,
  authorName: d.authorName,
  text: d.text,
  createdAt: d.createdAt,
  editedAt: d.editedAt ?? null,
  hidden: d.hidden ?? false,
});

const targetOf = (c: Pick<StoredComment, 'ticketId' | 'eventId'>): ThreadTarget =>
  c.ticketId ? { ticketId: c.ticketId } : { eventId: c.eventId! };

const listedOf = (d: CommentDoc): Listed | undefined =>
  d.thread !== undefined && d.seq !== undefined
    ? {
        id: d._id,
        thread: d.thread,
        seq: d.seq,
        ticketId: d.ticketId ?? null,
        eventId: d.eventId ?? null,
      }
    : undefined;

/**
 * ObjectId hex, as the other services' ids: made here so the insert needs no reply, and rising
 * within a process, so comments made in the same millisecond still page newest first.
 */
export const newCommentId = (): string => new Types.ObjectId().toHexString();

/**
 * Stores a new comment and lists it in its thread: a position, the insert, the page entry and
 * the counts, then `listed`. False when the thread is closed (its target went away).
 */
export async function insertComment(comment: StoredComment): Promise<boolean> {
  const { id, ...fields } = comment;
  const thread = threadKey(targetOf(comment));
  const seq = await takePosition(thread);
  if (seq === 'closed') return false;
  await CommentModel.create({ _id: id, ...fields, thread, seq, listed: false });
  await addToThread({ id, thread, seq, ticketId: comment.ticketId, eventId: comment.eventId });
  await CommentModel.updateOne({ _id: id }, { $set: { listed: true } });
  return true;
}

export async function findVisibleComment(id: string): Promise<StoredComment | undefined> {
  const doc = await CommentModel.findOne({ _id: id, hidden: false }).lean<CommentDoc>();
  return doc && !doc.removing ? toComment(doc) : undefined;
}

/** Changes the text of a visible comment of this author; undefined when there is none. */
export async function editCommentText(
  id: string,
  authorId: string,
  text: string,
  editedAt: Date,
): Promise<StoredComment | undefined> {
  const doc = await CommentModel.findOneAndUpdate(
    { _id: id, authorId, hidden: false },
    { $set: { text, editedAt } },
    { new: true },
  ).lean<CommentDoc>();
  return doc ? toComment(doc) : undefined;
}

/**
 * Takes a visible comment out of its thread, then deletes or hides it. The `removing` mark is
 * taken by one conditional write, so of two removals at once only one changes the counts; a stop
 * after it is finished by the start's repair. False when there was no visible comment.
 */
async function removeComment(id: string, how: 'delete' | 'hide'): Promise<boolean> {
  const doc = await CommentModel.findOneAndUpdate(
    { _id: id, hidden: false, removing: { $exists: false } },
    { $set: { removing: how } },
    { new: true },
  ).lean<CommentDoc>();
  if (!doc) return false;
  const listed = listedOf(doc);
  if (listed) await removeFromThread(listed);
  if (how === 'delete') await CommentModel.deleteOne({ _id: id });
  else
    await CommentModel.updateOne(
      { _id: id },
      { $set: { hidden: true, listed: false }, $unset: { removing: '' } },
    );
  return true;
}

export const deleteComment = (id: string) => removeComment(id, 'delete');
export const hideComment = (id: string) => removeComment(id, 'hide');

export type Target = ThreadTarget;

const visibleOn = (target: Target) => ({ ...target, hidden: false });

/** Comments by id, in the order asked, leaving out any deleted or hidden meanwhile. */
async function commentsByIds(ids: string[]): Promise<StoredComment[]> {
  const docs = await Promise.all(ids.map((id) => CommentModel.findById(id).lean<CommentDoc>()));
  return docs.filter((d): d is CommentDoc => !!d && !d.hidden).map(toComment);
}

/** A page of a thread, newest first: the thread, its page documents, the comments by id. */
export async function pageOfComments(
  target: Target,
  page: number,
  limit: number,
): Promise<{ items: StoredComment[]; total: number }> {
  const { ids, total } = await idsOnPage(threadKey(target), (page - 1) * limit, limit);
  return { items: await commentsByIds(ids), total };
}

/** Visible comments per listing, for the listings named (absent: none). */
export async function countByTicket(ticketIds: string[]): Promise<Map<string, number>> {
  const counts = await countsOf(ticketIds.map((ticketId) => threadKey({ ticketId })));
  return new Map(ticketIds.map((id) => [id, counts.get(threadKey({ ticketId: id })) ?? 0]));
}

/** Visible comments of an event: on the event itself, and per listing of it. */
export async function countForEvent(
  eventId: string,
): Promise<{ event: number; tickets: Map<string, number> }> {
  const thread = await findThread(threadKey({ eventId }));
  const tickets = new Map(Object.entries(thread?.tickets ?? {}).filter(([, n]) => n > 0));
  return { event: thread?.count ?? 0, tickets };
}

/**
 * Hides every comment on a listing, or on an event and its listings: the thread closes first,
 * so it lists nothing and takes no new comment, then the comments are marked.
 */
export async function hideCommentsOn(target: Target): Promise<number> {
  await closeThread(threadKey(target));
  const res = await CommentModel.updateMany(visibleOn(target), {
    $set: { hidden: true, listed: false },
  });
  return res.modifiedCount;
}

/** The listings of an event its comments name (a scan, on an event's cancellation only). */
export async function ticketIdsCommentedOnEvent(eventId: string): Promise<string[]> {
  const docs = await CommentModel.find({ eventId, ticketId: { $ne: null } }, { ticketId: 1 }).lean<
    { ticketId: string }[]
  >();
  return [...new Set(docs.map((d) => d.ticketId))];
}

/** Fills in the event of a listing's comments made before comments knew the listing's event. */
export async function setEventOfTicketComments(ticketId: string, eventId: string): Promise<void> {
  await CommentModel.updateMany({ ticketId, eventId: null }, { $set: { eventId } });
  await countTicketOnEvent(eventId, ticketId);
}
