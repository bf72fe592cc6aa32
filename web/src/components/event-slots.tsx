import type { EventDetail } from '@/lib/types';

/*
 * Places on the event page that other parts of the marketplace fill: the wanted list (join and
 * leave, its length) and the comments. Each renders nothing until its feature replaces it.
 */

export function EventWantedSlot(_props: { event: EventDetail }) {
  return null;
}

export function EventCommentsSlot(_props: { event: EventDetail }) {
  return null;
}
