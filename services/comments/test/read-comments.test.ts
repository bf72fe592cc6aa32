import request from 'supertest';
import { commentOn, listedTicket, listFor, newId, user, useCommentsApp } from './harness';

const h = useCommentsApp();

describe('GET /api/comments', () => {
  it('when a listing has comments, then anyone sees them newest first, paged, with the total', async () => {
    const { id: ticketId } = await listedTicket(h);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) {
      await commentOn(h, user(), ticketId, text);
      h.advanceClock(1_000);
    }

    const first = await listFor(h, { ticketId, limit: '2' });
    const third = await listFor(h, { ticketId, limit: '2', page: '3' });

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 5 });
    expect(first.body.items.map((c: { text: string }) => c.text)).toEqual(['five', 'four']);
    expect(third.body.items.map((c: { text: string }) => c.text)).toEqual(['one']);
  });

  it('when comments are made in the same instant, then the later one still comes first', async () => {
    const { id: ticketId } = await listedTicket(h);
    await commentOn(h, user(), ticketId, 'earlier');
    await commentOn(h, user(), ticketId, 'later');

    const res = await listFor(h, { ticketId });

    expect(res.body.items.map((c: { text: string }) => c.text)).toEqual(['later', 'earlier']);
  });

  it("when another listing has comments, then they are not this listing's", async () => {
    const { id: mine } = await listedTicket(h);
    const { id: other } = await listedTicket(h);
    await commentOn(h, user(), other, 'elsewhere');

    expect((await listFor(h, { ticketId: mine })).body).toMatchObject({ items: [], total: 0 });
  });

  it.each([
    ['no target', {}, 'ticketId'],
    ['a zero limit', { ticketId: 'x', limit: '0' }, 'limit'],
    ['a limit over 100', { ticketId: 'x', limit: '101' }, 'limit'],
    ['a page that is not a number', { ticketId: 'x', page: 'two' }, 'page'],
  ])('when the query has %s, then 400 naming %s', async (_, query, field) => {
    const res = await listFor(h, query as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('GET /api/comments/counts', () => {
  it('when asked for several listings, then one answer counts each, 0 for none', async () => {
    const { id: a } = await listedTicket(h);
    const { id: b } = await listedTicket(h);
    const unknown = newId();
    await commentOn(h, user(), a);
    await commentOn(h, user(), a);
    await commentOn(h, user(), b);

    const res = await request(h.app)
      .get('/api/comments/counts')
      .query({ ticketIds: `${a},${b},${unknown}` });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tickets: { [a]: 2, [b]: 1, [unknown]: 0 } });
  });

  it('when asked for more than 100 listings, then 400', async () => {
    const ids = Array.from({ length: 101 }, () => newId()).join(',');
    const res = await request(h.app).get('/api/comments/counts').query({ ticketIds: ids });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'ticketIds' });
  });

  it('when asked for an event nobody commented on, then zero', async () => {
    const res = await request(h.app).get('/api/comments/counts').query({ eventId: newId() });
    expect(res.body).toEqual({ event: 0, tickets: {} });
  });

  it('when the query names neither, then 400', async () => {
    const res = await request(h.app).get('/api/comments/counts');
    expect(res.status).toBe(400);
  });
});
