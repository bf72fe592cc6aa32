/**
 * Resale through real sidecars: A lists, B buys and pays, B resells, C buys and pays. Each hop
 * crosses the broker (ticket.updated to orders, order.* to tickets), so this proves the replica
 * follows a relisting in version order and the payout and history land where they should.
 */
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from './support/stack-helpers';
import { getOrder, listTicket, payWhenKnown, signUp, type User } from './support/shop';

jest.setTimeout(240_000);

const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration'];

interface TicketJson {
  id: string;
  eventId: string;
  status: string;
  holderId: string | null;
  sellerId: string;
  price: number;
  resales: number;
  ownership?: { from: string; to: string; price: number; resale: boolean }[];
}

describe('a resale chain A → B → C through real sidecars', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', only: SERVICES });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const tickets = (method: string, path: string, user?: User, body?: unknown) =>
    invoke(stack, 'tickets', 'tickets', method, path, { headers: user?.auth, body });

  const ticketAs = async (id: string, user?: User) =>
    (await tickets('GET', `api/tickets/${id}`, user)).body as unknown as TicketJson;

  /** Orders the ticket once orders sees it on sale (404 or 409 until its event lands), then pays. */
  async function buy(buyer: User, ticketId: string): Promise<string> {
    const order = await eventually(async () => {
      const res = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
        headers: buyer.auth,
        body: { ticketId },
      });
      return res.status === 201 ? res : undefined;
    }, 30_000);
    const orderId = (order.body as { id: string }).id;
    expect((await payWhenKnown(stack, buyer, orderId)).status).toBe(201);
    await eventually(async () =>
      (await getOrder(stack, buyer, orderId)).status === 'complete' ? true : undefined,
    );
    await eventually(async () => {
      const t = await ticketAs(ticketId, buyer);
      return t.status === 'sold' && t.holderId === buyer.id ? t : undefined;
    }, 30_000);
    return orderId;
  }

  it('when B resells what they bought from A and C buys it, then C holds it, B is owed the price, and only they see the chain', async () => {
    const [a, b, c] = await Promise.all([
      signUp(stack, 'a'),
      signUp(stack, 'b'),
      signUp(stack, 'c'),
    ]);
    const [listed] = await listTicket(stack, a, { price: 4000 });
    const id = listed!.id;

    await buy(b, id);

    // Above face value: refused, naming the field; nothing changes.
    const tooDear = await tickets('POST', `api/tickets/${id}/resale`, b, { price: 4001 });
    expect(tooDear.status).toBe(400);
    expect(tooDear.body).toEqual({
      errors: [{ message: 'price must be at most 40.00 USD, its face value', field: 'price' }],
    });
    // The seller cannot resell what they sold.
    expect((await tickets('POST', `api/tickets/${id}/resale`, a, { price: 100 })).status).toBe(403);

    const resale = await tickets('POST', `api/tickets/${id}/resale`, b, { price: 3500 });
    expect(resale.status).toBe(200);
    expect(resale.body).toMatchObject({ status: 'available', sellerId: b.id, resales: 1 });

    // The reseller cannot buy their own resale, once orders has the relisting.
    await eventually(async () => {
      const res = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
        headers: b.auth,
        body: { ticketId: id },
      });
      return res.status === 400 ? true : undefined;
    }, 30_000);

    const second = await buy(c, id);

    const asC = await ticketAs(id, c);
    expect(asC).toMatchObject({ holderId: c.id, sellerId: b.id, price: 3500 });
    expect(asC.ownership).toEqual([
      expect.objectContaining({ from: a.id, to: b.id, price: 4000, resale: false }),
      expect.objectContaining({ from: b.id, to: c.id, price: 3500, resale: true }),
    ]);
    expect(await ticketAs(id, a)).not.toHaveProperty('ownership');

    const payouts = await tickets('GET', 'api/tickets/payouts', b);
    expect(payouts.body).toEqual({
      items: [expect.objectContaining({ id: second, ticketId: id, amount: 3500, status: 'owed' })],
    });
    const mine = await tickets('GET', 'api/tickets/mine', c);
    expect((mine.body as { items: TicketJson[] }).items.map((t) => t.id)).toEqual([id]);
    expect(((await tickets('GET', 'api/tickets/mine', b)).body as { items: [] }).items).toEqual([]);

    // The event page counts it as sold, nothing left on sale.
    const event = await tickets('GET', `api/events/${asC.eventId}`);
    expect(event.body).toMatchObject({ soldOut: true, counts: { onSale: 0, sold: 1 } });

    // And C may resell it in turn: the chain goes on.
    const again = await tickets('POST', `api/tickets/${id}/resale`, c, { price: 4000 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ resales: 2, sellerId: c.id });
  });
});
