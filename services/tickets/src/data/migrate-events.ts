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
 * The tickets' version is not bumped: eventRef reaches consumers with their next change.
 */
export async function migrateTicketsToEvents(eventWritten: OutboxKick): Promise<number> {
  let moved = 0;
  for (;;) {
    const first = await TicketModel.findOne(
      { eventId: null },
      { eventKey: 1, title: 1, category: 1, venue: 1, startsAt: 1, sellerId: 1 },
    )
      .sort({ createdAt: 1, _id: 1 })
      .lean<Unassigned>();
    if (!first) return moved;
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
}
