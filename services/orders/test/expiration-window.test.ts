import { CLOCK_START, listedTicket, orderFor, user, useOrdersApp } from './harness';

const h = useOrdersApp({ EXPIRATION_WINDOW_SECONDS: '60' });

describe('EXPIRATION_WINDOW_SECONDS', () => {
  it('when the window is set to 60 s, then an order expires a minute after it was placed', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    expect(order.expiresAt).toBe(new Date(CLOCK_START + 60_000).toISOString());
  });
});
