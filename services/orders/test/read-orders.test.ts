import request from 'supertest';
import {
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  user,
  useOrdersApp,
  type TestUser,
} from './harness';

const h = useOrdersApp();

const list = (who: TestUser, query = '') =>
  request(h.app).get(`/api/orders${query}`).set('Authorization', who.auth);
const getOne = (who: TestUser, id: string) =>
  request(h.app).get(`/api/orders/${id}`).set('Authorization', who.auth);

describe('GET /api/orders', () => {
  it('when a buyer has orders, then 200 with only theirs, newest first', async () => {
    const buyer = user();
    const other = user();
    const older = await orderFor(h, buyer, (await listedTicket(h)).id);
    h.advanceClock(1000);
    await orderFor(h, other, (await listedTicket(h)).id);
    h.advanceClock(1000);
    const newer = await orderFor(h, buyer, (await listedTicket(h)).id);

    const res = await list(buyer).expect(200);

    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([newer.id, older.id]);
    expect(res.body.items[0]).toEqual(newer);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('when the buyer has none, then 200 with an empty list', async () => {
    expect((await list(user()).expect(200)).body).toEqual({ items: [] });
  });

  it('when filtered by status, then only orders in that state', async () => {
    const buyer = user();
    const open = await orderFor(h, buyer, (await listedTicket(h)).id);
    const paid = await orderFor(h, buyer, (await listedTicket(h)).id);
    expect(await h.handlers['payment.created'](paymentEvent(paid.id))).toBe('success');

    const complete = await list(buyer, '?status=complete').expect(200);
    const created = await list(buyer, '?status=created').expect(200);

    expect(complete.body.items.map((o: { id: string }) => o.id)).toEqual([paid.id]);
    expect(created.body.items.map((o: { id: string }) => o.id)).toEqual([open.id]);
  });

  it.each(['pending', 'nonsense'])(
    'when filtered by status %s, then 400 naming status',
    async (status) => {
      const res = await list(user(), `?status=${status}`).expect(400);
      expect(res.body.errors).toEqual([{ message: expect.any(String), field: 'status' }]);
    },
  );

  it('when not signed in, then 401', async () => {
    await request(h.app).get('/api/orders').expect(401);
  });
});

describe('GET /api/orders/:id', () => {
  it('when the buyer asks for their order, then 200 with it', async () => {
    const buyer = user();
    const order = await orderFor(h, buyer, (await listedTicket(h)).id);
    expect((await getOne(buyer, order.id).expect(200)).body).toEqual(order);
  });

  it('when someone else asks for it, then 404 as if it did not exist', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    const res = await getOne(user(), order.id).expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it.each([
    ['unknown', newId()],
    ['malformed', 'not-an-id'],
  ])('when the id is %s, then 404', async (_case, id) => {
    await getOne(user(), id).expect(404);
  });

  it('when not signed in, then 401', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    await request(h.app).get(`/api/orders/${order.id}`).expect(401);
  });
});
