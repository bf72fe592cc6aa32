import request from 'supertest';
import {
  commentOn,
  eventSnapshot,
  knownEvent,
  listFor,
  newId,
  post,
  ticketEvent,
  user,
  useCommentsApp,
} from './harness';

const h = useCommentsApp();

const counts = (query: Record<string, string>) =>
  request(h.app).get('/api/comments/counts').query(query);

/** A listing of the event, known to the replica. */
async function listingOf(eventId: string): Promise<string> {
  const e = ticketEvent({ eventRef: eventId });
  expect(await h.handlers['ticket.created'](e)).toBe('success');
  return e.id;
}

describe('comments on an event', () => {
  it('when a user comments on a known event, then it is listed by eventId and counted', async () => {
    const eventId = await knownEvent(h);

    const res = await post(h, user(), { eventId, text: 'Who else is going?' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ eventId, ticketId: null });
    expect((await listFor(h, { eventId })).body).toMatchObject({ total: 1 });
    expect((await counts({ eventId })).body).toEqual({ event: 1, tickets: {} });
  });

  it("when an event's listings have comments, then one request counts each listing", async () => {
    const eventId = await knownEvent(h);
    const [a, b] = [await listingOf(eventId), await listingOf(eventId)];
    await commentOn(h, user(), a);
    await commentOn(h, user(), a);
    await commentOn(h, user(), b);

    const comment = await post(h, user(), { ticketId: a, text: 'Seat view?' });
    expect(comment.body.eventId).toBe(eventId);
    expect((await counts({ eventId })).body).toEqual({ event: 0, tickets: { [a]: 3, [b]: 1 } });
    // The event's own thread holds only comments on the event itself.
    expect((await listFor(h, { eventId })).body.total).toBe(0);
  });

  it('when a listing learns its event later, then its earlier comments count for the event', async () => {
    const eventId = await knownEvent(h);
    const listing = ticketEvent();
    await h.handlers['ticket.created'](listing);
    await commentOn(h, user(), listing.id);

    const joined = ticketEvent({ ...listing, version: 1, eventRef: eventId });
    expect(await h.handlers['ticket.updated'](joined)).toBe('success');

    expect((await counts({ eventId })).body.tickets).toEqual({ [listing.id]: 1 });
  });
});

describe('a cancelled event', () => {
  it('when event.cancelled arrives, then its comments and its listings’ comments are hidden', async () => {
    const created = eventSnapshot();
    await h.handlers['event.created'](created);
    const listing = await listingOf(created.id);
    await commentOn(h, user(), listing);
    expect((await post(h, user(), { eventId: created.id, text: 'See you there' })).status).toBe(
      201,
    );

    const cancelled = { ...created, eventId: newId(), version: 1, status: 'cancelled' as const };
    expect(await h.handlers['event.cancelled'](cancelled)).toBe('success');

    expect((await listFor(h, { eventId: created.id })).body.total).toBe(0);
    expect((await listFor(h, { ticketId: listing })).body.total).toBe(0);
    expect((await counts({ eventId: created.id })).body).toEqual({ event: 0, tickets: {} });
    const onEvent = await post(h, user(), { eventId: created.id, text: 'late' });
    const onListing = await post(h, user(), { ticketId: listing, text: 'late' });
    expect([onEvent.status, onListing.status]).toEqual([404, 404]);
    // Redelivered: acknowledged, still hidden.
    expect(await h.handlers['event.cancelled'](cancelled)).toBe('success');
  });

  it('when the cancellation arrives before the creation, then the event stays cancelled', async () => {
    const created = eventSnapshot();
    const cancelled = { ...created, eventId: newId(), version: 1, status: 'cancelled' as const };

    expect(await h.handlers['event.cancelled'](cancelled)).toBe('success');
    expect(await h.handlers['event.created'](created)).toBe('success');

    const res = await post(h, user(), { eventId: created.id, text: 'hello?' });
    expect(res.status).toBe(404);
  });
});
