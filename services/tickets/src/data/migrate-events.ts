import type { OutboxKick } from '@ticketing/common';
import type { Category } from '@ticketing/contracts';
import { findOrCreateEvent } from './event-repository';
import { TicketModel } from './ticket-model';

interface Unassigned {
  eventKey: string;
  title: string;
  category: Category;
  venue: string;
  startsAt: Date;
  sellerId: string;
}

/**
 * Tickets listed before events existed have no `eventId`: each group of them with one eventKey
 * (title, venue and start) joins that event, created if missing. Runs at every start, before the
 * read models are built; once every ticket has its event it costs one query and does nothing.
 * One read of the unassigned tickets, then per event one update by its key (FerretDB pushes an
 * equality down to Postgres; a per-event scan of the tickets would be events × tickets).
 * The tickets' version is not bumped: eventRef reaches consumers with their next change.
 */
export async function migrateTicketsToEvents(eventWritten: OutboxKick): Promise<number> {
  const unassigned = await TicketModel.find(
    { eventId: null },
    { _id: 0, eventKey: 1, title: 1, category: 1, venue: 1, startsAt: 1, sellerId: 1 },
  ).lean<Unassigned[]>();
  // The first ticket seen of each event describes it.
  const byKey = new Map<string, Unassigned>();
  for (const t of unassigned) if (!byKey.has(t.eventKey)) byKey.set(t.eventKey, t);
  let moved = 0;
  for (const first of byKey.values()) {
    const event = await findOrCreateEvent(eventWritten, {
      key: first.eventKey,
      title: first.title,
      category: first.category,
      venue: first.venue,
      startsAt: first.startsAt.toISOString(),
      createdBy: first.sellerId,
    });
    const res = await TicketModel.updateMany(
      { eventKey: first.eventKey, eventId: null },
      { $set: { eventId: event.id } },
    );
    moved += res.modifiedCount;
  }
  return moved;
}
