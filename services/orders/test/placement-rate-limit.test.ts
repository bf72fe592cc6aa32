import { listedTicket, orderFor, placeOrder, user, useOrdersApp, type TestUser } from './harness';

jest.setTimeout(60_000);

// The limits in a real daprd's `appstate` store; the cap off so only the rate limits speak.
const h = useOrdersApp(
  {
    MAX_OPEN_ORDERS: '0',
    ORDER_RATE_LIMIT_PER_USER: '3',
    ORDER_RATE_LIMIT_PER_CLIENT: '5',
    ORDER_RATE_WINDOW_SECONDS: '60',
  },
  { rateLimits: true },
);

/** The origin passes the client's address in X-Forwarded-For; each test has addresses of its own. */
let nextAddress = 1;
const newAddress = () => `203.0.113.${nextAddress++}`;

const placeFrom = async (buyer: TestUser, address: string) =>
  placeOrder(h, buyer, (await listedTicket(h)).id).set('X-Forwarded-For', address);

describe('placement rate limits (in the state store)', () => {
  it('when a buyer places more orders than the per-user limit in the window, then 429 with Retry-After and nothing reserved', async () => {
    const buyer = user();
    for (let i = 0; i < 3; i++) expect((await placeFrom(buyer, newAddress())).status).toBe(201);
    const ticket = await listedTicket(h);

    const res = await placeOrder(h, buyer, ticket.id).set('X-Forwarded-For', newAddress());

    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body.errors[0].message).toMatch(/placing orders too fast: try again in \d+ s/);
    await orderFor(h, user(), ticket.id);
  });

  it('when the window has passed, then the buyer may place orders again', async () => {
    const buyer = user();
    for (let i = 0; i < 3; i++) await placeFrom(buyer, newAddress());
    expect((await placeFrom(buyer, newAddress())).status).toBe(429);

    h.advanceClock(60_001);

    expect((await placeFrom(buyer, newAddress())).status).toBe(201);
  });

  it('when many accounts place orders from one client address, then the per-client limit refuses the rest', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await placeFrom(user(), address)).status);

    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    // Another address is not affected.
    expect((await placeFrom(user(), newAddress())).status).toBe(201);
  });

  it('when a ticket is already taken, then the refusal costs the buyer nothing', async () => {
    const buyer = user();
    const ticket = await listedTicket(h);
    await orderFor(h, user(), ticket.id);
    for (let i = 0; i < 5; i++) expect((await placeOrder(h, buyer, ticket.id)).status).toBe(409);

    expect((await placeFrom(buyer, newAddress())).status).toBe(201);
  });
});
