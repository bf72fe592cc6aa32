import { apiGet, currentUser } from '@/lib/api';
import type { CommentList } from '@/lib/types';
import { CommentThread } from './comment-thread';

export const COMMENTS_PAGE = 20;

/**
 * The comments of a listing (`ticketId`) or an event (`eventId`): the first page is rendered on
 * the server (readable without JavaScript), the thread takes over for writing. `moderatorId` is
 * the listing's seller, who may remove anyone's comment there.
 */
export async function CommentsSection({
  ticketId,
  eventId,
  moderatorId,
}: {
  ticketId?: string;
  eventId?: string;
  moderatorId?: string;
}) {
  const target: { ticketId: string } | { eventId: string } = ticketId
    ? { ticketId }
    : { eventId: eventId ?? '' };
  const query = new URLSearchParams({ ...target, limit: String(COMMENTS_PAGE) });
  const [res, user] = await Promise.all([
    apiGet<CommentList>(`/api/comments?${query}`),
    currentUser(),
  ]);
  return (
    <section aria-labelledby="comments-heading" className="card px-6 py-5" data-testid="comments">
      <h2 id="comments-heading" className="text-lg font-semibold">
        Comments{res.ok ? ` (${res.data.total})` : ''}
      </h2>
      {res.ok ? (
        <CommentThread
          target={target}
          initial={res.data}
          user={user}
          moderatorId={moderatorId}
          pageSize={COMMENTS_PAGE}
        />
      ) : (
        <p className="mt-3 text-sm text-slate-700" role="status">
          Comments could not be loaded just now. The rest of the page works; try again in a moment.
        </p>
      )}
    </section>
  );
}
