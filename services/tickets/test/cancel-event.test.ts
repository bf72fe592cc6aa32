import request from 'supertest';
import { markEventCancelled, findStoredEvent } from '../src/data/event-repository';
import { finishCancellations } from '../src/domain/cancel-event';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTickets,
  eventRelay,
  inDays,
  marker,
  newUser,
  orderCompleted,
  orderCreated,
  orderId,
  RecordingPublisher,
  stored,
  useTicketsApp,
  type TicketJson,
} from './harness';

const h = useTicketsApp();
const created = onOrderCreated(h.deps);
const completed = onOrderCompleted(h.deps);

const cancel = (eventId: string, user = newUser('anyone')) =>
  request(h.app).post(`/api/events/${eventId}/cancel`).set('Authorization', user.auth);

async function eventPublished(eventId: string) {
  const publisher = new RecordingPublisher();
  await eventRelay(publisher).drain();
  return publisher.published.filter((p) => p.event.id === eventId);
}

/** Lists one ticket of an existing event as `seller`. */
async function listOn(eventId: string, seller = newUser('fan'), price = 900): Promise<TicketJson> {
  const res = await request(h.app)
    .post('/api/tickets')
    .set('Authorization', seller.auth)
    .send({ eventId, price })
    .expect(201);
  return res.body.tickets[0];
}

async function listed(m: string, quantity = 2) {
  const organiser = newUser('organiser');
  const tickets = await createTickets(h, organiser, { title: m, startsAt: inDays(20), quantity });
  return { organiser, tickets, eventId: tickets[0]!.eventId };
}

describe('POST /api/events/:id/cancel', () => {
  it("when its creator cancels an event with listings on sale, then it is cancelled with event.cancelled, every listing (another seller's too) leaves the sale with ticket.deleted, and it leaves the browse view", async () => {
    const m = marker();
    const { organiser, tickets, eventId } = await listed(m);
    const fan = await listOn(eventId);

    const res = await cancel(eventId, organiser).expect(200);
    expect(res.body).toMatchObject({
      id: eventId,
      status: 'cancelled',
      version: 1,
      counts: { onSale: 0, reserved: 0, sold: 0 },
      soldOut: true,
    });

    expect(await eventPublished(eventId)).toEqual([
      expect.objectContaining({ topic: 'event.created' }),
      {
        topic: 'event.cancelled',
        event: expect.objectContaining({ id: eventId, version: 1, status: 'cancelled', title: m }),
      },
    ]);
    for (const t of [...tickets, fan!]) {
      const events = await h.eventsOf(t.id);
      expect(events.at(-1)).toEqual({
        topic: 'ticket.deleted',
        event: expect.objectContaining({ id: t.id, version: 1, eventRef: eventId }),
      });
      expect((await stored(t.id))?.deletedAt).toBeInstanceOf(Date);
    }
    const page = await request(h.app).get(`/api/events/${eventId}`).expect(200);
    expect(page.body).toMatchObject({ status: 'cancelled', listings: { total: 0 } });
    const browse = await request(h.app).get('/api/events').query({ q: m }).expect(200);
    expect(browse.body.total).toBe(0);
    const listing = await request(h.app).get('/api/tickets').query({ q: m }).expect(200);
    expect(listing.body.total).toBe(0);
  });

  it('when the event is cancelled, then nobody can list tickets for it, and cancelling again is 409', async () => {
    const { organiser, eventId } = await listed(marker(), 1);
    await cancel(eventId, organiser).expect(200);
    const again = await request(h.app)
      .post('/api/tickets')
      .set('Authorization', organiser.auth)
      .send({ eventId, price: 100 })
      .expect(409);
    expect(again.body.errors).toEqual([{ message: 'The event is cancelled', field: 'eventId' }]);
    const twice = await cancel(eventId, organiser).expect(409);
    expect(twice.body.errors[0].message).toBe('The event is already cancelled');
    expect((await findStoredEvent(eventId))?.version).toBe(1);
  });

  it('when someone else, nobody signed in, or an unknown event, then 403, 401, 404 and nothing changes', async () => {
    const { tickets, eventId } = await listed(marker(), 1);
    const seller = newUser('seller-of-same-event');
    await listOn(eventId, seller, 500);
    const res = await cancel(eventId, seller).expect(403);
    expect(res.body.errors).toEqual([{ message: 'Only its creator may cancel this event' }]);
    await request(h.app).post(`/api/events/${eventId}/cancel`).expect(401);
    await cancel('0123456789abcdef01234567').expect(404);
    await cancel('not-an-id').expect(404);
    expect((await findStoredEvent(eventId))?.status).toBe('scheduled');
    expect((await stored(tickets[0]!.id))?.deletedAt).toBeNull();
  });

  it('when a ticket of it is held by an order or sold, then 409 and nothing changes', async () => {
    const { organiser, tickets, eventId } = await listed(marker(), 3);
    await created(orderCreated(tickets[0]!, orderId()));
    const held = await cancel(eventId, organiser).expect(409);
    expect(held.body.errors[0].message).toMatch(/^1 ticket\(s\) of this event are held or sold/);

    const sold = await listed(marker(), 2);
    const id = orderId();
    await created(orderCreated(sold.tickets[1]!, id));
    await completed(orderCompleted(sold.tickets[1]!.id, id, newUser('buyer').id));
    await cancel(sold.eventId, sold.organiser).expect(409);

    for (const eid of [eventId, sold.eventId])
      expect((await findStoredEvent(eid))?.status).toBe('scheduled');
    for (const t of [...tickets, ...sold.tickets])
      expect((await stored(t.id))?.deletedAt).toBeNull();
  });

  it('when an order for one of its listings arrives after the cancellation, then it reserves nothing', async () => {
    const { organiser, tickets, eventId } = await listed(marker(), 1);
    await cancel(eventId, organiser).expect(200);
    expect(await created(orderCreated(tickets[0]!, orderId()))).toBe('success');
    expect(await stored(tickets[0]!.id)).toMatchObject({ status: 'available', orderId: null });
  });
});

describe('a cancellation cut short', () => {
  it('when the event was marked cancelled but its listings were not taken down (a stop), then the start finishes the take-down, a ticket reserved meanwhile included', async () => {
    const m = marker();
    const { tickets, eventId } = await listed(m, 3);
    const id = orderId();
    await created(orderCreated(tickets[2]!, id));
    const event = await findStoredEvent(eventId);
    await markEventCancelled(() => {}, event!);

    expect(await finishCancellations(h.deps)).toBe(3);
    for (const t of tickets) expect((await stored(t.id))?.deletedAt).toBeInstanceOf(Date);
    const reserved = await h.eventsOf(tickets[2]!.id);
    expect(reserved.at(-1)).toEqual({
      topic: 'ticket.deleted',
      event: expect.objectContaining({ id: tickets[2]!.id, version: 2 }),
    });
    // Idempotent: nothing left to do.
    expect(await finishCancellations(h.deps)).toBe(0);
  });

  it('when a ticket of a cancelled event is sold (the race the check leaves), then its holder cannot resell it', async () => {
    const { tickets, eventId } = await listed(marker(), 1);
    const buyer = newUser('buyer');
    const id = orderId();
    await created(orderCreated(tickets[0]! as TicketJson, id, buyer));
    await completed(orderCompleted(tickets[0]!.id, id, buyer.id));
    await markEventCancelled(() => {}, (await findStoredEvent(eventId))!);
    const res = await request(h.app)
      .post(`/api/tickets/${tickets[0]!.id}/resale`)
      .set('Authorization', buyer.auth)
      .send({ price: 100 })
      .expect(409);
    expect(res.body.errors).toEqual([{ message: 'The event is cancelled; it cannot be resold' }]);
  });
});
