import { Schema, Types, model } from 'mongoose';

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
  },
  { versionKey: false },
);
// Each page and count is one of these: a target, visible, newest first.
commentSchema.index({ ticketId: 1, hidden: 1, createdAt: -1 });
commentSchema.index({ eventId: 1, hidden: 1, createdAt: -1 });

export const CommentModel = model<CommentDoc>('Comment', commentSchema, 'comments');

const toComment = ({ _id, ...rest }: CommentDoc): StoredComment => ({
  id: _id,
  ...rest,
  ticketId: rest.ticketId ?? null,
  eventId: rest.eventId ?? null,
  editedAt: rest.editedAt ?? null,
  hidden: rest.hidden ?? false,
});

/**
 * ObjectId hex, as the other services' ids: made here so the insert needs no reply, and rising
 * within a process, so comments made in the same millisecond still page newest first.
 */
export const newCommentId = (): string => new Types.ObjectId().toHexString();

export async function insertComment(comment: StoredComment): Promise<void> {
  const { id, ...fields } = comment;
  await CommentModel.create({ _id: id, ...fields });
}

export async function findVisibleComment(id: string): Promise<StoredComment | undefined> {
  const doc = await CommentModel.findOne({ _id: id, hidden: false }).lean<CommentDoc>();
  return doc ? toComment(doc) : undefined;
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

export async function deleteComment(id: string): Promise<boolean> {
  const res = await CommentModel.deleteOne({ _id: id });
  return res.deletedCount === 1;
}

export async function hideComment(id: string): Promise<void> {
  await CommentModel.updateOne({ _id: id }, { $set: { hidden: true } });
}

export type Target = { ticketId: string } | { eventId: string };

const visibleOn = (target: Target) => ({ ...target, hidden: false });
/** An event's own thread: comments on the event, not on its listings. */
const threadOf = (target: Target) =>
  'eventId' in target ? { ...visibleOn(target), ticketId: null } : visibleOn(target);

export async function pageOfComments(
  target: Target,
  page: number,
  limit: number,
): Promise<{ items: StoredComment[]; total: number }> {
  const [docs, total] = await Promise.all([
    CommentModel.find(threadOf(target))
      .sort({ createdAt: -1, _id: -1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<CommentDoc[]>(),
    CommentModel.countDocuments(threadOf(target)),
  ]);
  return { items: docs.map(toComment), total };
}

/** Visible comments per listing, for the listings named (absent: none). */
export async function countByTicket(ticketIds: string[]): Promise<Map<string, number>> {
  const rows = await CommentModel.aggregate<{ _id: string; n: number }>([
    { $match: { ticketId: { $in: ticketIds }, hidden: false } },
    { $group: { _id: '$ticketId', n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [r._id, r.n]));
}

/** Visible comments of an event: on the event itself, and per listing of it. */
export async function countForEvent(
  eventId: string,
): Promise<{ event: number; tickets: Map<string, number> }> {
  const rows = await CommentModel.aggregate<{ _id: string | null; n: number }>([
    { $match: { eventId, hidden: false } },
    { $group: { _id: '$ticketId', n: { $sum: 1 } } },
  ]);
  let event = 0;
  const tickets = new Map<string, number>();
  for (const r of rows) {
    if (r._id === null) event = r.n;
    else tickets.set(r._id, r.n);
  }
  return { event, tickets };
}

/** Hides every comment on a listing, or on an event and its listings. */
export async function hideCommentsOn(target: Target): Promise<number> {
  const res = await CommentModel.updateMany(visibleOn(target), { $set: { hidden: true } });
  return res.modifiedCount;
}

/** Fills in the event of a listing's comments made before comments knew the listing's event. */
export async function setEventOfTicketComments(ticketId: string, eventId: string): Promise<void> {
  await CommentModel.updateMany({ ticketId, eventId: null }, { $set: { eventId } });
}
