import { EventModel } from '../src/data/event-model';
import { migrateTicketsToEvents } from '../src/data/migrate-events';
import { TicketModel } from '../src/data/ticket-model';
import { useOnSaleIndex } from '../src/data/ticket-repository';
import { eventKeyOf as eventKey } from '../src/domain/event-key';
import { eventKicks, inDays, useTicketsApp } from './harness';
import request from 'supertest';
import { Types } from 'mongoose';

const h = useTicketsApp();

/** A ticket as stored before events existed: no eventId, faceValue, resale fields. */
function oldTicket(title: string, venue: string, startsAt: string, price = 1000) {
  return {
    _id: new Types.ObjectId(),
    title,
    category: 'concert',
    venue,
    startsAt: new Date(startsAt),
    price,
    currency: 'usd',
    sellerId: 'old-seller',
    status: 'available',
    orderId: null,
    holderId: null,
    version: 3,
    eventKey: eventKey(title, venue, startsAt),
    deletedAt: null,
    outbox: [],
    createdAt: new Date(),
  };
}

describe('migrating tickets listed before events', () => {
  it('when old tickets share title, venue and start, then they join one event; run again, nothing changes', async () => {
    const t1 = inDays(20);
    const t2 = inDays(21);
    const docs = [
      oldTicket('Blur', 'Wembley', t1, 1000),
      oldTicket('blur ', 'WEMBLEY', t1, 800),
      oldTicket('Blur', 'Wembley', t2),
      oldTicket('Oasis', 'Wembley', t1),
    ];
    await TicketModel.collection.insertMany(docs);
    const kicksBefore = eventKicks.length;

    expect(await migrateTicketsToEvents(h.deps.eventWritten)).toBe(4);

    const ids = await Promise.all(
      docs.map(async (d) => (await TicketModel.findById(d._id).lean())?.eventId),
    );
    expect(ids[0]).toEqual(expect.stringMatching(/^[0-9a-f]{24}$/));
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(3);
    expect(eventKicks.length - kicksBefore).toBe(3);
    // Versions untouched: nothing about the tickets themselves changed.
    expect((await TicketModel.findById(docs[0]!._id).lean())?.version).toBe(3);

    // Idempotent: a second start finds nothing to do and creates no event.
    const events = await EventModel.countDocuments();
    expect(await migrateTicketsToEvents(h.deps.eventWritten)).toBe(0);
    expect(await EventModel.countDocuments()).toBe(events);

    // The old tickets now show on their event's page, with their price as face value.
    await useOnSaleIndex();
    const page = await request(h.app).get(`/api/events/${ids[0]}`).expect(200);
    expect(page.body).toMatchObject({ title: 'Blur', counts: { onSale: 2 } });
    expect(
      page.body.listings.items.map((t: { price: number; faceValue: number }) => t.faceValue),
    ).toEqual([800, 1000]);
  });

  it('when an event with that key already exists, then old tickets join it rather than making another', async () => {
    const startsAt = inDays(30);
    const existing = await EventModel.create({
      key: eventKey('Pulp', 'Brixton', startsAt),
      title: 'Pulp',
      category: 'concert',
      venue: 'Brixton',
      startsAt: new Date(startsAt),
      createdBy: 'someone',
    });
    const old = oldTicket('Pulp', 'Brixton', startsAt);
    await TicketModel.collection.insertOne(old);

    await migrateTicketsToEvents(h.deps.eventWritten);

    expect((await TicketModel.findById(old._id).lean())?.eventId).toBe(existing._id.toHexString());
  });
});
