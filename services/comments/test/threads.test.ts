import request from 'supertest';
import { CommentModel, insertComment, newCommentId } from '../src/data/comments';
import { repairThreads } from '../src/data/repair-threads';
import { PAGE } from '../src/data/threads';
import {
  CLOCK_START,
  commentOn,
  deletedEvent,
  knownEvent,
  listedTicket,
  listFor,
  newId,
  post,
  ticketEvent,
  user,
  useCommentsApp,
} from './harness';

jest.setTimeout(120_000);

const h = useCommentsApp();

const counts = (query: Record<string, string>) =>
  request(h.app).get('/api/comments/counts').query(query);
const texts = (res: { body: { items: { text: string }[] } }) => res.body.items.map((c) => c.text);

/** Stores `n` comments on a listing as a post does (without the HTTP round trip), oldest first. */
async function seed(ticketId: string, n: number, from = 0) {
  for (let i = from; i < from + n; i++)
    await insertComment({
      id: newCommentId(),
      ticketId,
      eventId: null,
      authorId: newId(),
      authorName: 'fan',
      text: `c${i}`,
      createdAt: new Date(CLOCK_START + i),
      editedAt: null,
      hidden: false,
    });
}

describe('a thread longer than one page document', () => {
  it(`when a listing has more than ${PAGE * 2} comments, then every page is the right slice, newest first, and the total is exact`, async () => {
    const { id: ticketId } = await listedTicket(h);
    const n = PAGE * 2 + 17;
    await seed(ticketId, n);
    const newestFirst = Array.from({ length: n }, (_, i) => `c${n - 1 - i}`);
    for (const [page, limit] of [
      [1, 20],
      [5, 20],
      [6, 20],
      [2, 100],
      [3, 100],
      [12, 20],
    ] as const) {
      const res = await listFor(h, { ticketId, page: String(page), limit: String(limit) });
      expect(res.body.total).toBe(n);
      expect(texts(res)).toEqual(newestFirst.slice((page - 1) * limit, page * limit));
    }
    expect((await counts({ ticketIds: ticketId })).body.tickets[ticketId]).toBe(n);
  });

  it('when comments in the middle are deleted, then later pages close the gap and the count follows', async () => {
    const { id: ticketId } = await listedTicket(h);
    const author = user();
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await commentOn(h, author, ticketId, `mine${i}`));
    await seed(ticketId, PAGE + 3, 100);
    await request(h.app)
      .delete(`/api/comments/${mine[1]!.id}`)
      .set('Authorization', author.auth)
      .expect(204);
    await request(h.app)
      .delete(`/api/comments/${mine[3]!.id}`)
      .set('Authorization', author.auth)
      .expect(204);

    const total = 5 - 2 + PAGE + 3;
    const last = await listFor(h, { ticketId, page: String(Math.ceil(total / 20)), limit: '20' });
    expect(last.body.total).toBe(total);
    expect(texts(last).slice(-3)).toEqual(['mine4', 'mine2', 'mine0']);
    expect((await counts({ ticketIds: ticketId })).body.tickets[ticketId]).toBe(total);
  });
});

describe('counts under concurrency', () => {
  it('when 30 comments are posted and 10 deleted at the same time, then the count and the pages hold exactly the 30 less the 10', async () => {
    const { id: ticketId } = await listedTicket(h);
    const author = user();
    const first = await Promise.all(
      Array.from({ length: 10 }, (_, i) => commentOn(h, author, ticketId, `old${i}`)),
    );
    const [posted] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, i) => commentOn(h, user(), ticketId, `new${i}`))),
      Promise.all(
        first.map((c) =>
          request(h.app)
            .delete(`/api/comments/${c.id}`)
            .set('Authorization', author.auth)
            .expect(204),
        ),
      ),
    ]);
    expect((await counts({ ticketIds: ticketId })).body.tickets[ticketId]).toBe(20);
    const all = await listFor(h, { ticketId, limit: '100' });
    expect(all.body.total).toBe(20);
    expect(new Set(all.body.items.map((c: { id: string }) => c.id))).toEqual(
      new Set(posted.map((c) => c.id)),
    );
  });

  it('when one comment is deleted twice at once (author and seller), then one answer is 204, the other 404, and it counts once', async () => {
    const { id: ticketId, seller } = await listedTicket(h);
    const author = user();
    const c = await commentOn(h, author, ticketId, 'going');
    await commentOn(h, user(), ticketId, 'staying');
    const answers = await Promise.all(
      [author, seller].map((who) =>
        request(h.app).delete(`/api/comments/${c.id}`).set('Authorization', who.auth),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
    expect((await counts({ ticketIds: ticketId })).body.tickets[ticketId]).toBe(1);
  });
});

describe("an event's counts", () => {
  it('when a listing of the event is deleted, then the event counts forget it; a cancelled event counts nothing and takes no comment', async () => {
    const eventId = await knownEvent(h);
    const a = ticketEvent({ eventRef: eventId });
    const b = ticketEvent({ eventRef: eventId });
    for (const t of [a, b]) expect(await h.handlers['ticket.created'](t)).toBe('success');
    await commentOn(h, user(), a.id);
    await commentOn(h, user(), b.id);
    await commentOn(h, user(), b.id);
    await post(h, user(), { eventId, text: 'on the event' }).expect(201);
    expect((await counts({ eventId })).body).toEqual({
      event: 1,
      tickets: { [a.id]: 1, [b.id]: 2 },
    });

    expect(await h.handlers['ticket.deleted'](deletedEvent(a.id, 1))).toBe('success');
    expect((await counts({ eventId })).body).toEqual({ event: 1, tickets: { [b.id]: 2 } });
    expect((await listFor(h, { ticketId: a.id })).body.total).toBe(0);

    expect(
      await h.handlers['event.cancelled']({
        eventId: newId(),
        version: 1,
        id: eventId,
        title: 'Nabucco',
        category: 'opera',
        venue: 'Arena di Verona',
        startsAt: new Date(CLOCK_START + 30 * 86_400_000).toISOString(),
        status: 'cancelled',
      }),
    ).toBe('success');
    expect((await counts({ eventId })).body).toEqual({ event: 0, tickets: {} });
    expect((await counts({ ticketIds: b.id })).body.tickets[b.id]).toBe(0);
    expect((await listFor(h, { ticketId: b.id })).body).toMatchObject({ items: [], total: 0 });
    await post(h, user(), { eventId, text: 'too late' }).expect(404);
  });
});

describe('the start repairs and migrates threads', () => {
  it('when comments were stored before threads, or a stop cut a post or a delete short, then the start rebuilds exactly those threads', async () => {
    const { id: legacy } = await listedTicket(h);
    const { id: cut } = await listedTicket(h);
    // Before threads: no position, nothing in a thread.
    await CommentModel.insertMany(
      Array.from({ length: 5 }, (_, i) => ({
        _id: newCommentId(),
        ticketId: legacy,
        eventId: null,
        authorId: newId(),
        authorName: 'old',
        text: `legacy${i}`,
        createdAt: new Date(CLOCK_START - 86_400_000 + i),
        editedAt: null,
        hidden: false,
      })),
    );
    // A post stopped after its insert, and a delete stopped after its mark.
    const kept = await commentOn(h, user(), cut, 'kept');
    const gone = await commentOn(h, user(), cut, 'gone');
    await CommentModel.updateOne({ _id: kept.id }, { $set: { listed: false } });
    await CommentModel.updateOne({ _id: gone.id }, { $set: { removing: 'delete' } });
    const stuck = newCommentId();
    await CommentModel.create({
      _id: stuck,
      ticketId: cut,
      eventId: null,
      authorId: newId(),
      authorName: 'x',
      text: 'stuck',
      createdAt: new Date(CLOCK_START - 3_600_000),
      editedAt: null,
      hidden: false,
      thread: `t:${cut}`,
      seq: 99,
      listed: false,
    });

    const repaired = await repairThreads(new Date(CLOCK_START + 3_600_000));
    expect(repaired.threads).toBeGreaterThanOrEqual(2);

    const old = await listFor(h, { ticketId: legacy, limit: '3' });
    expect(old.body.total).toBe(5);
    expect(texts(old)).toEqual(['legacy4', 'legacy3', 'legacy2']);
    const fixed = await listFor(h, { ticketId: cut });
    expect(fixed.body.total).toBe(2);
    expect(texts(fixed)).toEqual(['stuck', 'kept']);
    expect(await CommentModel.exists({ _id: gone.id })).toBeNull();
    // Nothing left to do: one query.
    expect(await repairThreads(new Date(CLOCK_START + 3_600_000))).toEqual({
      threads: 0,
      comments: 0,
    });
  });
});
