import type { CommentCounts, CommentCountsQuery, ListCommentsQuery } from '@ticketing/contracts';
import {
  countByTicket,
  countForEvent,
  pageOfComments,
  type StoredComment,
  type Target,
} from '../data/comments';

export async function listComments(
  query: ListCommentsQuery,
): Promise<{ items: StoredComment[]; total: number; page: number; limit: number }> {
  const target: Target =
    query.ticketId !== undefined ? { ticketId: query.ticketId } : { eventId: query.eventId! };
  const { items, total } = await pageOfComments(target, query.page, query.limit);
  return { items, total, page: query.page, limit: query.limit };
}

/** Counts for a page of listings, or for an event and its listings, in one query. */
export async function countComments(query: CommentCountsQuery): Promise<CommentCounts> {
  if (query.ticketIds) {
    const counts = await countByTicket(query.ticketIds);
    return { tickets: Object.fromEntries(query.ticketIds.map((id) => [id, counts.get(id) ?? 0])) };
  }
  const { event, tickets } = await countForEvent(query.eventId!);
  return { event, tickets: Object.fromEntries(tickets) };
}
