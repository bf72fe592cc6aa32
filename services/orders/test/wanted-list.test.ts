import request from 'supertest';
import { findOrder } from '../src/data/orders';
import {
  expirationEvent,
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  placeOrder,
  replicaOf,
  ticketEvent,
  user,
  useOrdersApp,
  type Harness,
  type TestUser,
} from './harness';

const h = useOrdersApp({ WANTED_HOLD_SECONDS: '600' });
const HOLD_MS = 600_000;
const WINDOW_MS = 15 * 60_000;

/** An event whose only ticket is held by an order: sold out. */
async function soldOutEvent(price = 4500) {
  const eventRef = `evt-${newId()}`;
  const ticket = await listedTicket(h, { eventRef, price });
  const holder = user();
  const order = await orderFor(h, holder, ticket.id);
  return { eventRef, ticket, holder, order };
}

const join = (who: TestUser, eventId: string, maxPrice: number) =>
  request(h.app).post('/api/wanted').set('Authorization', who.auth).send({ eventId, maxPrice });

const listOf = (eventId: string, who?: TestUser) => {
  const req = request(h.app).get('/api/wanted').query({ eventId });
  return who ? req.set('Authorization', who.auth) : req;
};

/** The open priority hold made for a buyer, if any (from the published order.offered). */
async function holdOf(hx: Harness, buyer: TestUser) {
  const offered = (await hx.flushEvents()).filter(
    (p) =>
      p.topic === 'order.offered' && (p.event as unknown as { userId: string }).userId === buyer.id,
  );
  const last = offered.at(-1)?.event as unknown as { id: string } | undefined;
  return last ? findOrder(last.id) : undefined;
}

describe('joining and leaving a wanted list', () => {
  it('when a signed-out visitor joins, then 401', async () => {
    const { eventRef } = await soldOutEvent();
    await request(h.app)
      .post('/api/wanted')
      .send({ eventId: eventRef, maxPrice: 5000 })
      .expect(401);
  });

  it('when the limit is not a whole positive amount, then 400 naming maxPrice and nothing is written', async () => {
    const { eventRef } = await soldOutEvent();
    const res = await join(user(), eventRef, -5);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('maxPrice');
    expect((await listOf(eventRef)).body.length).toBe(0);
  });

  it('when the event is unknown, then 404', async () => {
    await join(user(), `evt-${newId()}`, 5000).expect(404);
  });

  it('when a ticket of the event is on sale, then 409: buy it instead', async () => {
    const eventRef = `evt-${newId()}`;
    await listedTicket(h, { eventRef });
    const res = await join(user(), eventRef, 5000);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].field).toBe('eventId');
  });

  it('when 20 buyers join at the same instant, then each gets a distinct position, in a list of 20', async () => {
    const { eventRef } = await soldOutEvent();
    const buyers = Array.from({ length: 20 }, () => user());
    const answers = await Promise.all(buyers.map((b) => join(b, eventRef, 5000)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const positions = answers.map((a) => a.body.position as number);
    expect(new Set(positions).size).toBe(20);
    const places = answers.map((a) => a.body.place as number).sort((a, b) => a - b);
    expect(new Set(places).size).toBe(20);
    expect((await listOf(eventRef)).body).toMatchObject({
      eventId: eventRef,
      length: 20,
      mine: null,
    });
  });

  it('when someone joins twice, then 409 and they keep their place', async () => {
    const { eventRef } = await soldOutEvent();
    const buyer = user();
    const first = await join(buyer, eventRef, 5000).expect(201);
    await join(buyer, eventRef, 9000).expect(409);
    const mine = (await listOf(eventRef, buyer)).body.mine;
    expect(mine).toMatchObject({ position: first.body.position, maxPrice: 5000, place: 1 });
  });

  it('when a buyer leaves, then the list is shorter, the next moves up, and leaving again is 404', async () => {
    const { eventRef } = await soldOutEvent();
    const [a, b] = [user(), user()];
    await join(a, eventRef, 5000).expect(201);
    await join(b, eventRef, 5000).expect(201);
    expect((await listOf(eventRef, b)).body.mine.place).toBe(2);

    await request(h.app).delete(`/api/wanted/${eventRef}`).set('Authorization', a.auth).expect(204);

    const after = (await listOf(eventRef, b)).body;
    expect(after).toMatchObject({ length: 1, mine: { place: 1 } });
    await request(h.app).delete(`/api/wanted/${eventRef}`).set('Authorization', a.auth).expect(404);
  });

  it('when the browse page asks for many events at once, then each gets its length', async () => {
    const { eventRef } = await soldOutEvent();
    await join(user(), eventRef, 5000).expect(201);
    await join(user(), eventRef, 5000).expect(201);
    const res = await request(h.app)
      .get('/api/wanted/counts')
      .query({ eventIds: `${eventRef},evt-nobody` });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { eventId: eventRef, length: 2 },
      { eventId: 'evt-nobody', length: 0 },
    ]);
    const bad = await request(h.app).get('/api/wanted/counts').query({ eventIds: ',' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('eventIds');
  });

  it('when a buyer asks for their lists, then they get each place', async () => {
    const { eventRef } = await soldOutEvent();
    const buyer = user();
    await join(user(), eventRef, 5000).expect(201);
    await join(buyer, eventRef, 7000).expect(201);
    const res = await request(h.app).get('/api/wanted/mine').set('Authorization', buyer.auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ eventId: eventRef, maxPrice: 7000, place: 2, currency: 'eur' }),
    ]);
  });

  it('when a holder asks for the demand on their events, then they see how many want it and up to what', async () => {
    const { eventRef, ticket, holder, order } = await soldOutEvent();
    expect(await h.handlers['payment.created'](paymentEvent(order.id))).toBe('success');
    await join(user(), eventRef, 5000).expect(201);
    await join(user(), eventRef, 8000).expect(201);

    const res = await request(h.app).get('/api/wanted/demand').set('Authorization', holder.auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { eventId: eventRef, title: ticket.title, waiting: 2, maxPrice: 8000, currency: 'eur' },
    ]);
    const stranger = await request(h.app)
      .get('/api/wanted/demand')
      .set('Authorization', user().auth);
    expect(stranger.body.items).toEqual([]);
  });
});

describe('priority holds', () => {
  it('when a new ticket is listed for a sold-out event, then the first person whose limit covers it gets a held order and leaves the list', async () => {
    const { eventRef } = await soldOutEvent();
    const [low, high, later] = [user(), user(), user()];
    await join(low, eventRef, 3000).expect(201);
    await join(high, eventRef, 5000).expect(201);
    await join(later, eventRef, 9000).expect(201);

    const fresh = await listedTicket(h, { eventRef, price: 4500 });

    const hold = await holdOf(h, high);
    expect(hold).toMatchObject({
      userId: high.id,
      status: 'created',
      ticket: { id: fresh.id, price: 4500 },
      wanted: { eventId: eventRef },
    });
    expect(hold!.expiresAt.getTime() - hold!.createdAt.getTime()).toBe(HOLD_MS);
    expect((await replicaOf(fresh.id)).reservedBy).toBe(hold!.id);
    // The public cannot have it.
    await placeOrder(h, user(), fresh.id).expect(409);
    // `high` left the list; the others keep their order.
    const list = (await listOf(eventRef, later)).body;
    expect(list).toMatchObject({ length: 2, mine: { place: 2 } });
    // The API shows the order as a priority hold.
    const shown = await request(h.app)
      .get(`/api/orders/${hold!.id}`)
      .set('Authorization', high.auth);
    expect(shown.body.wanted).toEqual({ eventId: eventRef, position: 2 });
  });

  it('when three tickets are listed at the same instant for two people waiting, then each gets one and the third is public', async () => {
    const { eventRef } = await soldOutEvent();
    const [a, b] = [user(), user()];
    await join(a, eventRef, 5000).expect(201);
    await join(b, eventRef, 5000).expect(201);

    const tickets = await Promise.all([1, 2, 3].map(() => listedTicket(h, { eventRef })));

    const holds = [await holdOf(h, a), await holdOf(h, b)];
    expect(holds.map((o) => o?.status)).toEqual(['created', 'created']);
    expect(new Set(holds.map((o) => o!.ticket.id)).size).toBe(2);
    const rest = tickets.find((t) => !holds.some((o) => o!.ticket.id === t.id))!;
    await placeOrder(h, user(), rest.id).expect(201);
    expect((await listOf(eventRef)).body.length).toBe(0);
  });

  it('when a holder relists their ticket, then the first on the list gets it before anyone else', async () => {
    const eventRef = `evt-${newId()}`;
    const ticket = await listedTicket(h, { eventRef });
    const holder = user();
    const first = await orderFor(h, holder, ticket.id);
    expect(await h.handlers['payment.created'](paymentEvent(first.id))).toBe('success');
    const fan = user();
    await join(fan, eventRef, 4500).expect(201);

    // tickets' echoes of the sale, then the relisting: a new round, the holder as seller.
    const versions = [
      { version: 1, status: 'reserved', orderId: first.id, holderId: null },
      { version: 2, status: 'sold', orderId: first.id, holderId: holder.id },
    ] as const;
    for (const v of versions)
      expect(await h.handlers['ticket.updated'](ticketEvent({ ...ticket, ...v }))).toBe('success');
    const relisted = ticketEvent({
      ...ticket,
      version: 3,
      status: 'available',
      orderId: null,
      holderId: holder.id,
      sellerId: holder.id,
      resale: true,
      resales: 1,
    });
    expect(await h.handlers['ticket.updated'](relisted)).toBe('success');

    const hold = await holdOf(h, fan);
    expect(hold).toMatchObject({
      ticket: { id: ticket.id, sellerId: holder.id },
      status: 'created',
    });
    await placeOrder(h, user(), ticket.id).expect(409);
    // A redelivery of the relisting changes nothing.
    expect(await h.handlers['ticket.updated'](relisted)).toBe('success');
    expect((await replicaOf(ticket.id)).reservedBy).toBe(hold!.id);
  });

  it('when nobody on the list would pay the price, then the ticket is on sale to everyone', async () => {
    const { eventRef } = await soldOutEvent();
    await join(user(), eventRef, 1000).expect(201);
    const fresh = await listedTicket(h, { eventRef, price: 4500 });
    expect((await replicaOf(fresh.id)).offering).toBe(false);
    await placeOrder(h, user(), fresh.id).expect(201);
    expect((await listOf(eventRef)).body.length).toBe(1);
  });

  it('when a held ticket is cancelled, then it goes straight to the first on the list, never to the public', async () => {
    const { eventRef, ticket, holder, order } = await soldOutEvent();
    const waiting = user();
    await join(waiting, eventRef, 4500).expect(201);

    await request(h.app)
      .delete(`/api/orders/${order.id}`)
      .set('Authorization', holder.auth)
      .expect(200);

    const hold = await holdOf(h, waiting);
    expect(hold).toMatchObject({ ticket: { id: ticket.id }, status: 'created' });
    expect((await replicaOf(ticket.id)).reservedBy).toBe(hold!.id);
    await placeOrder(h, user(), ticket.id).expect(409);
  });

  it('when a priority hold lapses, then the next person gets it, and the one who let it lapse is off the list', async () => {
    const { eventRef, ticket, order } = await soldOutEvent();
    const [first, second] = [user(), user()];
    await join(first, eventRef, 5000).expect(201);
    await join(second, eventRef, 5000).expect(201);
    h.advanceClock(WINDOW_MS);
    expect(await h.handlers['expiration.complete'](expirationEvent(order.id))).toBe('success');
    const firstHold = await holdOf(h, first);
    expect(firstHold?.ticket.id).toBe(ticket.id);

    h.advanceClock(HOLD_MS);
    expect(await h.handlers['expiration.complete'](expirationEvent(firstHold!.id))).toBe('success');

    expect(await findOrder(firstHold!.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
    });
    const secondHold = await holdOf(h, second);
    expect(secondHold).toMatchObject({ ticket: { id: ticket.id }, status: 'created' });
    expect((await listOf(eventRef, first)).body).toMatchObject({ length: 0, mine: null });
  });

  it('when the hold is paid, then its buyer holds the ticket', async () => {
    const { eventRef, order } = await soldOutEvent();
    const buyer = user();
    await join(buyer, eventRef, 5000).expect(201);
    h.advanceClock(WINDOW_MS);
    await h.handlers['expiration.complete'](expirationEvent(order.id));
    const hold = await holdOf(h, buyer);
    expect(await h.handlers['payment.created'](paymentEvent(hold!.id))).toBe('success');
    expect(await findOrder(hold!.id)).toMatchObject({ status: 'complete' });
    expect((await replicaOf(hold!.ticket.id)).soldTo).toBe(buyer.id);
  });

  it('when an offer was cut short (the flag left on), then the sweep finishes it', async () => {
    const { eventRef, ticket, order } = await soldOutEvent();
    const buyer = user();
    await join(buyer, eventRef, 5000).expect(201);
    // A crash right after the ticket was freed into an offer.
    await h.deps.reservations.release(ticket.id, order.id, true);
    await placeOrder(h, user(), ticket.id).expect(409);

    const { sweepOffers } = await import('../src/domain/priority-hold');
    expect(await sweepOffers(h.deps)).toBe(1);
    expect((await holdOf(h, buyer))?.ticket.id).toBe(ticket.id);
  });
});
