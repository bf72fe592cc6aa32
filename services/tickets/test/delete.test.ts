import { Types } from 'mongoose';
import request from 'supertest';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTicket,
  marker,
  newUser,
  orderCompleted,
  orderCreated,
  orderId,
  stored,
  useTicketsApp,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const deps = h.deps;

const del = (id: string, auth: string | null = seller.auth) => {
  const req = request(h.app).delete(`/api/tickets/${id}`);
  if (auth) req.set('Authorization', auth);
  return req;
};

describe('DELETE /api/tickets/:id', () => {
  it('when the seller deletes a ticket on sale, then 204, it is gone from its page and the listing', async () => {
    const m = marker();
    const ticket = await createTicket(h, seller, { title: m });
    const kicks = h.kicks.length;
    const res = await del(ticket.id).expect(204);
    expect(res.text).toBe('');
    expect(h.kicks.slice(kicks)).toEqual([ticket.id]);

    await request(h.app).get(`/api/tickets/${ticket.id}`).expect(404);
    const list = await request(h.app).get('/api/tickets').query({ q: m }).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('when deleted, then the document stays marked, at the next version, and ticket.deleted is published', async () => {
    const ticket = await createTicket(h, seller);
    await del(ticket.id).expect(204);

    expect(await stored(ticket.id)).toMatchObject({
      status: 'available',
      version: 1,
      deletedAt: expect.any(Date),
    });
    const events = await h.eventsOf(ticket.id);
    expect(events).toEqual([
      expect.objectContaining({ topic: 'ticket.created' }),
      {
        topic: 'ticket.deleted',
        event: { eventId: expect.any(String), id: ticket.id, version: 1, eventRef: ticket.eventId },
      },
    ]);
  });

  it('when it is deleted twice, then the second answer is 404 and no second event', async () => {
    const ticket = await createTicket(h, seller);
    await del(ticket.id).expect(204);
    await del(ticket.id).expect(404);
    const events = await h.eventsOf(ticket.id);
    expect(events.filter((e) => e.topic === 'ticket.deleted')).toHaveLength(1);
  });

  it('when two deletes race, then one 204 and one 404', async () => {
    const ticket = await createTicket(h, seller);
    const statuses = (await Promise.all([del(ticket.id), del(ticket.id)]))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([204, 404]);
    expect((await stored(ticket.id))?.version).toBe(1);
  });

  it('when no one is signed in, then 401', async () => {
    const ticket = await createTicket(h, seller);
    await del(ticket.id, null).expect(401);
    expect((await stored(ticket.id))?.deletedAt).toBeNull();
  });

  it('when someone else than the seller deletes, then 403', async () => {
    const ticket = await createTicket(h, seller);
    await del(ticket.id, newUser('intruder').auth).expect(403);
    expect((await stored(ticket.id))?.deletedAt).toBeNull();
  });

  it('when the ticket does not exist or the id is malformed, then 404', async () => {
    await del(new Types.ObjectId().toHexString()).expect(404);
    await del('zzz').expect(404);
  });

  it('when the ticket is reserved or sold, then 409 and it stays', async () => {
    const reserved = await createTicket(h, seller);
    await onOrderCreated(deps)(orderCreated(reserved));
    await del(reserved.id).expect(409);

    const sold = await createTicket(h, seller);
    const buyer = newUser();
    const order = orderId();
    await onOrderCreated(deps)(orderCreated(sold, order, buyer));
    await onOrderCompleted(deps)(orderCompleted(sold.id, order, buyer.id));
    await del(sold.id).expect(409);

    expect((await stored(reserved.id))?.deletedAt).toBeNull();
    expect((await stored(sold.id))?.deletedAt).toBeNull();
  });
});
