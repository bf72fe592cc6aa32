import type { EventDetail } from '@/lib/types';
import { CommentsSection } from './comments-section';

/*
 * Places on the event page that other parts of the marketplace fill: the wanted list (join and
 * leave, its length) and the comments. Each renders nothing until its feature replaces it.
 */

export function EventWantedSlot(_props: { event: EventDetail }) {
  return null;
}

/** The event's own comments; a cancelled event shows none (comments hides them). */
export function EventCommentsSlot({ event }: { event: EventDetail }) {
  if (event.status === 'cancelled') return null;
  return <CommentsSection eventId={event.id} />;
}
