import { buyer, chargeOf, openOrder, orderCreated, usePaymentsApp } from './harness';

jest.setTimeout(60_000);

// Counted in a real daprd's `appstate` store, with small limits so a test can reach them.
const h = usePaymentsApp({
  limits: {
    PAY_RATE_LIMIT_PER_USER: '6',
    PAY_RATE_LIMIT_PER_CLIENT: '8',
    PAY_RATE_WINDOW_SECONDS: '60',
    DECLINES_PER_ORDER: '2',
    DECLINES_PER_USER: '3',
    DECLINE_WINDOW_SECONDS: '3600',
  },
});
const visa = 'pm_card_visa';
const declined = 'pm_card_chargeDeclined';

let nextAddress = 1;
const newAddress = () => `198.51.100.${nextAddress++}`;

const declineEverything = () => {
  h.gateway.onCharge = async () => ({ status: 'declined', message: 'Your card was declined.' });
};

/** Another open order of the same buyer. */
async function anotherOrder(userId: string) {
  const order = orderCreated(userId);
  expect(await h.handlers.created(order)).toBe('success');
  return order;
}

describe('the declined-card throttle (card testing)', () => {
  it('when an order had 2 declines, then the next attempt is refused with 429 and Stripe is not asked', async () => {
    const { user, order } = await openOrder(h);
    const address = newAddress();
    declineEverything();
    for (let i = 0; i < 2; i++) {
      await h
        .pay(user.token, { orderId: order.id, paymentMethod: declined })
        .set('X-Forwarded-For', address)
        .expect(402);
    }
    h.gateway.reset();

    const res = await h
      .pay(user.token, { orderId: order.id, paymentMethod: visa })
      .set('X-Forwarded-For', address);

    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3000);
    expect(res.body.errors[0].message).toMatch(/^Too many declined payments: try again in \d+ s$/);
    expect(h.gateway.charges).toEqual([]);
    expect(await chargeOf(order.id)).toMatchObject({ state: 'declined', attempt: 2 });
  });

  it('when a buyer had 3 declines across orders, then a payment for yet another order is refused', async () => {
    const user = buyer();
    const address = newAddress();
    declineEverything();
    for (let i = 0; i < 3; i++) {
      const order = await anotherOrder(user.id);
      await h
        .pay(user.token, { orderId: order.id, paymentMethod: declined })
        .set('X-Forwarded-For', address)
        .expect(402);
    }
    h.gateway.reset();
    const fresh = await anotherOrder(user.id);

    const res = await h
      .pay(user.token, { orderId: fresh.id, paymentMethod: visa })
      .set('X-Forwarded-For', address);

    expect(res.status).toBe(429);
    expect(h.gateway.charges).toEqual([]);
    // Another buyer is not affected.
    const other = await openOrder(h);
    await h.pay(other.user.token, { orderId: other.order.id, paymentMethod: visa }).expect(201);
  });

  it('when payments succeed, then they do not count as declines', async () => {
    const user = buyer();
    const address = newAddress();
    for (let i = 0; i < 4; i++) {
      const order = await anotherOrder(user.id);
      await h
        .pay(user.token, { orderId: order.id, paymentMethod: visa })
        .set('X-Forwarded-For', address)
        .expect(201);
    }
  });
});

describe('payment rate limits', () => {
  it('when a buyer sends more payment requests than the per-user limit, then 429 with Retry-After', async () => {
    const user = buyer();
    const address = newAddress();
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const order = await anotherOrder(user.id);
      statuses.push(
        (
          await h
            .pay(user.token, { orderId: order.id, paymentMethod: visa })
            .set('X-Forwarded-For', address)
        ).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
  });

  it('when many buyers pay from one client address, then the per-client limit refuses the rest', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 0; i < 9; i++) {
      const { user, order } = await openOrder(h);
      const res = await h
        .pay(user.token, { orderId: order.id, paymentMethod: visa })
        .set('X-Forwarded-For', address);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(8).fill(201), 429]);
  });
});
