import request from 'supertest';
import type { StateStore } from '@ticketing/common';
import { StateInbox } from '../src/data/state-inbox';
import {
  expirationEvent,
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  user,
  useOrdersApp,
} from './harness';

jest.setTimeout(60_000);

// Notifications live in a real daprd's appstate store (SQLite), reached through its state API.
const h = useOrdersApp({}, { inbox: true });

const offered = (userId: string, orderId = newId()) => ({
  eventId: newId(),
  version: 0,
  id: orderId,
  userId,
  eventRef: 'evt-1',
  ticketId: newId(),
  title: 'Tosca',
  price: 4500,
  currency: 'eur',
  expiresAt: new Date(h.now().getTime() + 600_000).toISOString(),
});

const inboxOf = (who: { auth: string }) =>
  request(h.app).get('/api/notifications').set('Authorization', who.auth);

describe('notifications', () => {
  it('when a signed-out visitor asks, then 401', async () => {
    await request(h.app).get('/api/notifications').expect(401);
    await request(h.app).get('/api/notifications/unread').expect(401);
  });

  it('when someone is offered a hold, then they see one unread notification linking to the order, even if the event comes twice', async () => {
    const buyer = user();
    const e = offered(buyer.id);
    expect(await h.handlers['order.offered'](e)).toBe('success');
    expect(await h.handlers['order.offered'](e)).toBe('success');

    const res = await inboxOf(buyer);
    expect(res.status).toBe(200);
    expect(res.body.unread).toBe(1);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        kind: 'hold-offered',
        link: `/orders/${e.id}`,
        read: false,
        body: expect.stringContaining('€45.00'),
      }),
    ]);
    const count = await request(h.app)
      .get('/api/notifications/unread')
      .set('Authorization', buyer.auth);
    expect(count.body).toEqual({ unread: 1 });
    // Nobody else sees it.
    expect((await inboxOf(user())).body).toEqual({ items: [], unread: 0 });
  });

  it('when notifications are marked read by id, then only those are read; all: true reads the rest', async () => {
    const buyer = user();
    await h.handlers['order.offered'](offered(buyer.id));
    await h.handlers['order.offered'](offered(buyer.id));
    const items = (await inboxOf(buyer)).body.items as { id: string }[];

    const one = await request(h.app)
      .post('/api/notifications/read')
      .set('Authorization', buyer.auth)
      .send({ ids: [items[0]!.id] });
    expect(one.body).toEqual({ unread: 1 });
    const all = await request(h.app)
      .post('/api/notifications/read')
      .set('Authorization', buyer.auth)
      .send({ all: true });
    expect(all.body).toEqual({ unread: 0 });
  });

  it('when the mark-read body is neither ids nor all, then 400 and nothing changes', async () => {
    const buyer = user();
    await h.handlers['order.offered'](offered(buyer.id));
    const res = await request(h.app)
      .post('/api/notifications/read')
      .set('Authorization', buyer.auth)
      .send({ ids: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('ids');
    expect((await inboxOf(buyer)).body.unread).toBe(1);
  });

  it('when a hold lapses, then its buyer is told', async () => {
    const buyer = user();
    const order = await orderFor(h, buyer, (await listedTicket(h)).id);
    h.advanceClock(15 * 60_000);
    await h.handlers['expiration.complete'](expirationEvent(order.id));
    const cancelled = await h.eventsOf('order.cancelled', order.id);
    expect(await h.handlers['order.cancelled'](cancelled[0]!)).toBe('success');

    expect((await inboxOf(buyer)).body.items).toEqual([
      expect.objectContaining({ kind: 'hold-lapsed', link: `/orders/${order.id}` }),
    ]);
  });

  it("when a holder's resale sells, then the reseller is told; an organiser's first sale is not announced", async () => {
    const reseller = user();
    const resale = await listedTicket(h, { sellerId: reseller.id, resale: true, resales: 1 });
    const order = await orderFor(h, user(), resale.id);
    await h.handlers['payment.created'](paymentEvent(order.id));
    const [completed] = await h.eventsOf('order.completed', order.id);
    expect(await h.handlers['order.completed'](completed!)).toBe('success');
    expect((await inboxOf(reseller)).body.items).toEqual([
      expect.objectContaining({ kind: 'ticket-sold', link: '/my-tickets' }),
    ]);

    const organiser = user();
    const first = await listedTicket(h, { sellerId: organiser.id });
    const sale = await orderFor(h, user(), first.id);
    await h.handlers['payment.created'](paymentEvent(sale.id));
    const [done] = await h.eventsOf('order.completed', sale.id);
    expect(await h.handlers['order.completed'](done!)).toBe('success');
    expect((await inboxOf(organiser)).body.items).toEqual([]);
  });

  it('when two writers (two processes) add to one inbox at once, then ETags keep every notification', async () => {
    const target = user();
    const [a, b] = [h.deps.inbox as StateInbox, cloneInbox(h.deps.inbox as StateInbox)];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).add(target.id, {
          id: `n-${i}`,
          kind: 'hold-offered',
          title: `n ${i}`,
          body: 'x',
          link: null,
          createdAt: new Date(h.now().getTime() + i),
        }),
      ),
    );
    const items = (await inboxOf(target)).body.items as { id: string }[];
    expect(items.map((i) => i.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `n-${i}`).sort(),
    );
  });
});

/** A second inbox on the same store: another process, with no queue shared with the first. */
function cloneInbox(inbox: StateInbox): StateInbox {
  return new StateInbox((inbox as unknown as { store: StateStore }).store);
}
