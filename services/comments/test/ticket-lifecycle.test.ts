import { findTicket } from '../src/data/ticket-replica';
import {
  commentOn,
  deletedEvent,
  listedTicket,
  listFor,
  newId,
  post,
  ticketEvent,
  user,
  useCommentsApp,
} from './harness';
import request from 'supertest';

const h = useCommentsApp();

describe('the listing replica', () => {
  it('when ticket.created arrives twice, then the second changes nothing', async () => {
    const e = ticketEvent();
    expect(await h.handlers['ticket.created'](e)).toBe('success');
    expect(await h.handlers['ticket.created']({ ...e, sellerId: newId() })).toBe('success');
    expect(await findTicket(e.id)).toMatchObject({ sellerId: e.sellerId, version: 0 });
  });

  it('when an update comes before its predecessor, then RETRY; in order, it applies', async () => {
    const e = ticketEvent();
    await h.handlers['ticket.created'](e);
    const v2 = ticketEvent({ id: e.id, version: 2, sellerId: newId() });

    expect(await h.handlers['ticket.updated'](v2)).toBe('retry');
    expect(await h.handlers['ticket.updated'](ticketEvent({ ...e, version: 1 }))).toBe('success');
    expect(await h.handlers['ticket.updated'](v2)).toBe('success');
    expect(await h.handlers['ticket.updated'](ticketEvent({ ...e, version: 1 }))).toBe('success');
    expect(await findTicket(e.id)).toMatchObject({ sellerId: v2.sellerId, version: 2 });
  });

  it('when a listing changes seller (a resale), then the new seller moderates it', async () => {
    const { id: ticketId, seller } = await listedTicket(h);
    const reseller = user('reseller');
    const comment = await commentOn(h, user(), ticketId);
    await h.handlers['ticket.updated'](
      ticketEvent({ id: ticketId, version: 1, sellerId: reseller.id }),
    );

    const del = (who: { auth: string }) =>
      request(h.app).delete(`/api/comments/${comment.id}`).set('Authorization', who.auth);
    expect((await del(seller)).status).toBe(403);
    expect((await del(reseller)).status).toBe(204);
  });
});

describe('a deleted listing', () => {
  it('when ticket.deleted arrives, then its comments are hidden from lists and counts', async () => {
    const { id: ticketId } = await listedTicket(h);
    const { id: other } = await listedTicket(h);
    await commentOn(h, user(), ticketId, 'a');
    await commentOn(h, user(), ticketId, 'b');
    await commentOn(h, user(), other, 'stays');

    expect(await h.handlers['ticket.deleted'](deletedEvent(ticketId, 1))).toBe('success');

    expect((await listFor(h, { ticketId })).body).toMatchObject({ items: [], total: 0 });
    const counts = await request(h.app)
      .get('/api/comments/counts')
      .query({ ticketIds: `${ticketId},${other}` });
    expect(counts.body.tickets).toEqual({ [ticketId]: 0, [other]: 1 });
  });

  it('when someone comments after the deletion, then 404 and nothing shows', async () => {
    const { id: ticketId } = await listedTicket(h);
    await h.handlers['ticket.deleted'](deletedEvent(ticketId, 1));

    const res = await post(h, user(), { ticketId, text: 'too late' });

    expect(res.status).toBe(404);
    expect((await listFor(h, { ticketId })).body.total).toBe(0);
  });

  it('when its hidden comments are edited or deleted, then 404', async () => {
    const { id: ticketId, seller } = await listedTicket(h);
    const author = user();
    const comment = await commentOn(h, author, ticketId);
    await h.handlers['ticket.deleted'](deletedEvent(ticketId, 1));

    const put = await request(h.app)
      .put(`/api/comments/${comment.id}`)
      .set('Authorization', author.auth)
      .send({ text: 'edited' });
    const del = await request(h.app)
      .delete(`/api/comments/${comment.id}`)
      .set('Authorization', seller.auth);

    expect(put.status).toBe(404);
    expect(del.status).toBe(404);
  });

  it('when ticket.deleted comes before the versions it follows, then RETRY and nothing is hidden yet', async () => {
    const { id: ticketId } = await listedTicket(h);
    await commentOn(h, user(), ticketId);

    expect(await h.handlers['ticket.deleted'](deletedEvent(ticketId, 3))).toBe('retry');

    expect((await listFor(h, { ticketId })).body.total).toBe(1);
  });

  it('when ticket.deleted is delivered again, then it is acknowledged', async () => {
    const { id: ticketId } = await listedTicket(h);
    const e = deletedEvent(ticketId, 1);
    expect(await h.handlers['ticket.deleted'](e)).toBe('success');
    expect(await h.handlers['ticket.deleted'](e)).toBe('success');
  });
});
