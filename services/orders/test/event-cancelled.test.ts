import type { EventOf } from '@ticketing/contracts';
import request from 'supertest';
import { listedTicket, newId, orderFor, user, useOrdersApp, type TestUser } from './harness';

jest.setTimeout(60_000);

// The people on a cancelled event's list are told in their notifications (a real daprd's store).
const h = useOrdersApp({}, { inbox: true });

async function soldOutEvent() {
  const eventRef = `evt-${newId()}`;
  const ticket = await listedTicket(h, { eventRef });
  await orderFor(h, user(), ticket.id);
  return eventRef;
}

const join = (who: TestUser, eventId: string) =>
  request(h.app)
    .post('/api/wanted')
    .set('Authorization', who.auth)
    .send({ eventId, maxPrice: 9000 });

const cancelled = (id: string): EventOf<'event.cancelled'> => ({
  eventId: newId(),
  version: 1,
  id,
  title: 'Nabucco',
  category: 'opera',
  venue: 'Arena di Verona',
  startsAt: new Date(h.now().getTime() + 30 * 86_400_000).toISOString(),
  status: 'cancelled',
});

const inboxOf = async (who: TestUser) =>
  (await request(h.app).get('/api/notifications').set('Authorization', who.auth).expect(200)).body
    .items as { id: string; kind: string; link: string }[];

describe('event.cancelled', () => {
  it('when an event with a wanted list is cancelled, then the list closes: everyone on it is told once and taken off, and nobody can join', async () => {
    const eventId = await soldOutEvent();
    const [a, b] = [user(), user()];
    await join(a, eventId).expect(201);
    await join(b, eventId).expect(201);

    const event = cancelled(eventId);
    expect(await h.handlers['event.cancelled'](event)).toBe('success');
    // A redelivery tells nobody twice.
    expect(await h.handlers['event.cancelled'](event)).toBe('success');

    const list = await request(h.app).get('/api/wanted').query({ eventId }).expect(200);
    expect(list.body.length).toBe(0);
    for (const who of [a, b]) {
      const items = (await inboxOf(who)).filter((n) => n.kind === 'event-cancelled');
      expect(items).toEqual([
        expect.objectContaining({ id: `cancelled-${eventId}`, link: `/events/${eventId}` }),
      ]);
    }
    const late = await join(user(), eventId).expect(409);
    expect(late.body.errors).toEqual([{ message: 'The event is cancelled', field: 'eventId' }]);
  });

  it('when an event nobody waits for is cancelled, then nothing fails and joining it is refused', async () => {
    const eventId = await soldOutEvent();
    expect(await h.handlers['event.cancelled'](cancelled(eventId))).toBe('success');
    await join(user(), eventId).expect(409);
  });
});
