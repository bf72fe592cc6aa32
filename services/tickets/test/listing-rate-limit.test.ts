import request from 'supertest';
import { TicketModel } from '../src/data/ticket-model';
import { newUser, ticketBody, useTicketsApp, type TestUser } from './harness';

jest.setTimeout(60_000);

// Counted in a real daprd's `appstate` store, with small limits so a test can reach them.
const h = useTicketsApp({
  limits: {
    LISTING_RATE_LIMIT_PER_USER: '3',
    LISTING_RATE_LIMIT_PER_CLIENT: '5',
    LISTING_RATE_WINDOW_SECONDS: '60',
  },
});

let nextAddress = 1;
const newAddress = () => `192.0.2.${nextAddress++}`;

const list = (seller: TestUser, address: string, overrides: Record<string, unknown> = {}) =>
  request(h.app)
    .post('/api/tickets')
    .set('Authorization', seller.auth)
    .set('X-Forwarded-For', address)
    .send(ticketBody(overrides));

describe('listing rate limits (in the state store)', () => {
  it('when a seller lists more often than the per-user limit, then 429 with Retry-After and nothing is listed', async () => {
    const seller = newUser('seller');
    for (let i = 0; i < 3; i++) await list(seller, newAddress(), { quantity: 2 }).expect(201);

    const res = await list(seller, newAddress(), { title: 'One too many' });

    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.body.errors[0].message).toMatch(/listing tickets too fast: try again in \d+ s/);
    expect(await TicketModel.countDocuments({ sellerId: seller.id })).toBe(6);
  });

  it('when many accounts list from one client address, then the per-client limit refuses the rest', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await list(newUser('seller'), address)).status);

    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect((await list(newUser('seller'), newAddress())).status).toBe(201);
  });

  it('when a listing is invalid, then it is refused with 400 and counts nothing', async () => {
    const seller = newUser('seller');
    const address = newAddress();
    for (let i = 0; i < 5; i++) await list(seller, address, { price: -1 }).expect(400);

    await list(seller, address).expect(201);
  });
});
