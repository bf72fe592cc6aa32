import type { EventOf } from '@ticketing/contracts';
import { closeList, entriesOfEvent, removeEntry } from '../data/wanted-lists';
import type { OrdersDeps, Outcome } from './deps';

/**
 * An event was cancelled (decision 017): its wanted list closes for good and everyone on it is
 * told and taken off it. Its tickets come down through their own ticket.deleted, which cancels
 * any order holding one. The list is closed before it is read, so a join racing this either sees
 * it closed or is on the list read here (wanted-list.ts checks again after its insert). On a
 * redelivery the notification ids repeat, so nobody is told twice.
 */
export async function eventCancelled(
  deps: OrdersDeps,
  e: EventOf<'event.cancelled'>,
): Promise<Outcome> {
  await closeList(e.id);
  for (const entry of await entriesOfEvent(e.id)) {
    await deps.inbox.add(entry.userId, {
      id: `cancelled-${e.id}`,
      kind: 'event-cancelled',
      title: 'An event you wanted was cancelled',
      body: `${e.title} was cancelled by its organiser; you are no longer on its wanted list.`,
      link: `/events/${e.id}`,
      createdAt: deps.now(),
    });
    await removeEntry(entry);
  }
  return 'done';
}
