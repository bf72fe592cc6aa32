import { apiGet, currentUser } from '@/lib/api';
import type { EventDetail, WantedList } from '@/lib/types';
import { CommentsSection } from './comments-section';
import { WantedSection } from './wanted-section';

/*
 * Places on the event page that other parts of the marketplace fill: the wanted list (join and
 * leave, its length) and the comments. Each renders nothing until its feature replaces it.
 */

/** The event's wanted list: its length for everyone, join or leave for the signed in. */
export async function EventWantedSlot({ event }: { event: EventDetail }) {
  const [user, list] = await Promise.all([
    currentUser(),
    apiGet<WantedList>(`/api/wanted?eventId=${encodeURIComponent(event.id)}`),
  ]);
  if (!list.ok || event.status === 'cancelled') return null;
  return (
    <WantedSection
      eventId={event.id}
      soldOut={event.soldOut}
      currency={event.cheapest?.currency ?? event.listings.items[0]?.currency ?? 'usd'}
      signedIn={Boolean(user)}
      initial={list.data}
    />
  );
}

/** The event's own comments; a cancelled event shows none (comments hides them). */
export function EventCommentsSlot({ event }: { event: EventDetail }) {
  if (event.status === 'cancelled') return null;
  return <CommentsSection eventId={event.id} />;
}
