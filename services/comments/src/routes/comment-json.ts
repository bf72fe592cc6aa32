import type { Comment as CommentJson } from '@ticketing/contracts';
import type { StoredComment } from '../data/comments';

/** A comment as the API shows it: no internals (hidden), dates as ISO strings. */
export function commentJson(c: StoredComment): CommentJson {
  return {
    id: c.id,
    ticketId: c.ticketId,
    eventId: c.eventId,
    authorId: c.authorId,
    authorName: c.authorName,
    text: c.text,
    edited: c.editedAt !== null,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
  };
}
