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

  it('when the buyer has none, then 200 with an empty first page', async () => {
    expect((await list(user()).expect(200)).body).toEqual({
      items: [],
      page: 1,
      limit: 20,
      total: 0,
    });
  });

  it('when paged, then each page holds its share of the newest-first list and the total', async () => {
    const buyer = user();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.unshift((await orderFor(h, buyer, (await listedTicket(h)).id)).id);
      h.advanceClock(1000);
    }

    const first = await list(buyer, '?limit=2').expect(200);
    const second = await list(buyer, '?limit=2&page=2').expect(200);
    const beyond = await list(buyer, '?limit=2&page=3').expect(200);

    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual(ids.slice(0, 2));
    expect(second.body).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual(ids.slice(2));
    expect(beyond.body).toEqual({ items: [], page: 3, limit: 2, total: 3 });
  });

  it.each([
    ['page', '?page=1001'],
    ['page', '?page=0'],
    ['limit', '?limit=101'],
    ['limit', '?limit=two'],
  ])('when %s is out of bounds (%s), then 400 naming it', async (field, query) => {
    const res = await list(user(), query).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
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
