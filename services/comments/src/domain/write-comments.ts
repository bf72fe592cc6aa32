import { admit, AppError, forbidden, notFound, type UserPayload } from '@ticketing/common';
import type { CreateCommentInput } from '@ticketing/contracts';
import {
  deleteComment,
  editCommentText,
  findVisibleComment,
  hideComment,
  insertComment,
  newCommentId,
  type StoredComment,
} from '../data/comments';
import { findEvent } from '../data/event-replica';
import { findTicket } from '../data/ticket-replica';
import type { CommentsDeps } from './deps';

/** The name shown beside a comment: the part of the email before the @, until users have names. */
export const publicNameOf = (user: UserPayload): string =>
  (user.email.split('@')[0] ?? '').slice(0, 40) || 'member';

function withinRateLimit(deps: CommentsDeps, user: UserPayload): Promise<void> {
  return admit([{ limiter: deps.rateLimiter, key: user.id }], {
    now: deps.now(),
    logger: deps.logger,
    tooFast: (seconds) => `You are commenting too fast: try again in ${seconds} s`,
    // Without its counts the limit cannot hold: refuse for now rather than let anything through.
    unavailable: 'Comments cannot be saved just now; try again in a moment',
  });
}

/** Where a new comment goes, once we know the listing or event exists and is still there. */
async function resolveTarget(
  input: CreateCommentInput,
): Promise<{ ticketId: string | null; eventId: string | null }> {
  if (input.ticketId !== undefined) {
    const ticket = await findTicket(input.ticketId);
    if (!ticket || ticket.deleted || (await eventCancelled(ticket.eventId)))
      throw fieldNotFound('No such ticket', 'ticketId');
    return { ticketId: ticket.id, eventId: ticket.eventId };
  }
  const event = await findEvent(input.eventId as string);
  if (!event || event.cancelled) throw fieldNotFound('No such event', 'eventId');
  return { ticketId: null, eventId: event.id };
}

const fieldNotFound = (message: string, field: string) =>
  new AppError(404, message, [{ message, field }]);

/** A signed-in user comments on a listing or an event. */
export async function postComment(
  deps: CommentsDeps,
  author: UserPayload,
  input: CreateCommentInput,
): Promise<StoredComment> {
  const target = await resolveTarget(input);
  await withinRateLimit(deps, author);
  const comment: StoredComment = {
    id: newCommentId(),
    ...target,
    authorId: author.id,
    authorName: publicNameOf(author),
    text: input.text,
    createdAt: deps.now(),
    editedAt: null,
    hidden: false,
  };
  if (!(await insertComment(comment))) throw targetNotFound(comment);
  // The listing may have been deleted between the check and the insert, after its comments
  // were hidden: then this one is hidden too (the deletion hides first, then we look again).
  if (await targetWentAway(comment)) {
    await hideComment(comment.id);
    throw targetNotFound(comment);
  }
  return comment;
}

const targetNotFound = (c: StoredComment) =>
  fieldNotFound(
    c.ticketId ? 'No such ticket' : 'No such event',
    c.ticketId ? 'ticketId' : 'eventId',
  );

async function targetWentAway(c: StoredComment): Promise<boolean> {
  if (c.ticketId && ((await findTicket(c.ticketId))?.deleted ?? true)) return true;
  return eventCancelled(c.eventId);
}

async function eventCancelled(eventId: string | null): Promise<boolean> {
  return eventId !== null && (await findEvent(eventId))?.cancelled === true;
}

/** The author changes their comment's text; it is marked edited. */
export async function editComment(
  deps: CommentsDeps,
  user: UserPayload,
  id: string,
  text: string,
): Promise<StoredComment> {
  const comment = await findVisibleComment(id);
  if (!comment) throw notFound('No such comment');
  if (comment.authorId !== user.id) throw forbidden('Only its author can edit a comment');
  if (comment.text === text) return comment;
  await withinRateLimit(deps, user);
  const edited = await editCommentText(id, user.id, text, deps.now());
  // Deleted or hidden meanwhile.
  if (!edited) throw notFound('No such comment');
  return edited;
}

/** The author deletes their comment, or the listing's seller removes one from their listing. */
export async function removeComment(user: UserPayload, id: string): Promise<void> {
  const comment = await findVisibleComment(id);
  if (!comment) throw notFound('No such comment');
  if (comment.authorId !== user.id && !(await sellsListingOf(comment, user.id))) {
    throw forbidden('Only its author or the seller of the listing can delete a comment');
  }
  if (!(await deleteComment(id))) throw notFound('No such comment');
}

async function sellsListingOf(comment: StoredComment, userId: string): Promise<boolean> {
  if (!comment.ticketId) return false;
  const ticket = await findTicket(comment.ticketId);
  return ticket?.sellerId === userId;
}
