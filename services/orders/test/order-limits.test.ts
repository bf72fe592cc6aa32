import request from 'supertest';
import { listedTicket, orderFor, placeOrder, user, useOrdersApp, type TestUser } from './harness';

// The default cap (4) as the service starts with it; the rate limits off (no state store here).
const h = useOrdersApp();

const cancel = (who: TestUser, id: string) =>
  request(h.app).delete(`/api/orders/${id}`).set('Authorization', who.auth);

const CAP_MESSAGE = 'You already hold 4 open orders: pay for or cancel one before placing another';

describe('the open-order cap (default 4)', () => {
  it('when a buyer holds 4 open orders, then a fifth is refused with 409 and nothing is reserved', async () => {
    const buyer = user();
    for (let i = 0; i < 4; i++) await orderFor(h, buyer, (await listedTicket(h)).id);
    const fifth = await listedTicket(h);

    const res = await placeOrder(h, buyer, fifth.id);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: CAP_MESSAGE, field: 'ticketId' }] });
    // Another buyer can still have it: the refusal held nothing.
    await orderFor(h, user(), fifth.id);
  });

  it('when one of the 4 is cancelled, then the buyer may place another', async () => {
    const buyer = user();
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await orderFor(h, buyer, (await listedTicket(h)).id));
    await cancel(buyer, orders[0]!.id).expect(200);

    await orderFor(h, buyer, (await listedTicket(h)).id);
  });

  it('when 4 orders have expired (unpaid past expiresAt), then they no longer count', async () => {
    const buyer = user();
    for (let i = 0; i < 4; i++) await orderFor(h, buyer, (await listedTicket(h)).id);
    h.advanceClock(15 * 60_000 + 1);

    await orderFor(h, buyer, (await listedTicket(h)).id);
  });

  it('when one buyer sends 10 orders for 10 tickets at once, then exactly 4 are placed', async () => {
    const buyer = user();
    const tickets = await Promise.all(Array.from({ length: 10 }, () => listedTicket(h)));

    const statuses = (await Promise.all(tickets.map((t) => placeOrder(h, buyer, t.id)))).map(
      (r) => r.status,
    );

    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses.filter((s) => s === 409)).toHaveLength(6);
  });

  it('when other buyers hold orders, then they do not count against this one', async () => {
    for (let i = 0; i < 4; i++) await orderFor(h, user(), (await listedTicket(h)).id);
    await orderFor(h, user(), (await listedTicket(h)).id);
  });
});
