import request from 'supertest';
import { commentOn, listedTicket, listFor, newId, user, useCommentsApp } from './harness';

const h = useCommentsApp();

const edit = (id: string, who: { auth: string }, body: unknown) =>
  request(h.app)
    .put(`/api/comments/${id}`)
    .set('Authorization', who.auth)
    .send(body as object);
const remove = (id: string, who: { auth: string }) =>
  request(h.app).delete(`/api/comments/${id}`).set('Authorization', who.auth);

describe('PUT /api/comments/:id', () => {
  it('when the author edits, then the text changes and the comment is marked edited', async () => {
    const { id: ticketId } = await listedTicket(h);
    const author = user();
    const comment = await commentOn(h, author, ticketId, 'first');
    h.advanceClock(60_000);

    const res = await edit(comment.id, author, { text: ' second ' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: comment.id, text: 'second', edited: true });
    expect(Date.parse(res.body.editedAt)).toBe(Date.parse(comment.createdAt) + 60_000);
    const listed = await listFor(h, { ticketId });
    expect(listed.body.items).toEqual([res.body]);
  });

  it('when someone else edits, then 403 and the text stays', async () => {
    const { id: ticketId, seller } = await listedTicket(h);
    const comment = await commentOn(h, user(), ticketId, 'mine');

    for (const other of [user(), seller]) {
      const res = await edit(comment.id, other, { text: 'yours now' });
      expect(res.status).toBe(403);
    }
    expect((await listFor(h, { ticketId })).body.items[0]).toMatchObject({
      text: 'mine',
      edited: false,
    });
  });

  it('when the text is invalid, then 400 and the text stays', async () => {
    const { id: ticketId } = await listedTicket(h);
    const author = user();
    const comment = await commentOn(h, author, ticketId, 'mine');

    const res = await edit(comment.id, author, { text: '' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'text is required', field: 'text' }]);
    expect((await listFor(h, { ticketId })).body.items[0].text).toBe('mine');
  });

  it('when the comment does not exist, then 404', async () => {
    expect((await edit(newId(), user(), { text: 'x' })).status).toBe(404);
  });

  it('when nobody is signed in, then 401', async () => {
    const { id: ticketId } = await listedTicket(h);
    const comment = await commentOn(h, user(), ticketId);
    const res = await request(h.app).put(`/api/comments/${comment.id}`).send({ text: 'x' });
    expect(res.status).toBe(401);
  });
});

describe('DELETE /api/comments/:id', () => {
  it('when the author deletes, then 204 and it is gone', async () => {
    const { id: ticketId } = await listedTicket(h);
    const author = user();
    const comment = await commentOn(h, author, ticketId);

    expect((await remove(comment.id, author)).status).toBe(204);

    expect((await listFor(h, { ticketId })).body).toMatchObject({ items: [], total: 0 });
    expect((await remove(comment.id, author)).status).toBe(404);
  });

  it("when the listing's seller deletes someone else's comment, then 204 (moderation)", async () => {
    const { id: ticketId, seller } = await listedTicket(h);
    const comment = await commentOn(h, user(), ticketId, 'spam');

    expect((await remove(comment.id, seller)).status).toBe(204);

    expect((await listFor(h, { ticketId })).body.total).toBe(0);
  });

  it('when a stranger, or the seller of another listing, deletes, then 403 and it stays', async () => {
    const { id: ticketId } = await listedTicket(h);
    const { seller: otherSeller } = await listedTicket(h);
    const comment = await commentOn(h, user(), ticketId);

    for (const who of [user(), otherSeller]) {
      const res = await remove(comment.id, who);
      expect(res.status).toBe(403);
      expect(res.body.errors[0].message).toBe(
        'Only its author or the seller of the listing can delete a comment',
      );
    }
    expect((await listFor(h, { ticketId })).body.total).toBe(1);
  });

  it('when nobody is signed in, then 401', async () => {
    const { id: ticketId } = await listedTicket(h);
    const comment = await commentOn(h, user(), ticketId);
    expect((await request(h.app).delete(`/api/comments/${comment.id}`)).status).toBe(401);
  });
});
