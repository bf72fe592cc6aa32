import { MongoClient } from 'mongodb';
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from './support/stack-helpers';
import {
  getOrder,
  getTicket,
  listTicket,
  orderWhenKnown,
  payWhenKnown,
  signUp,
} from './support/shop';

jest.setTimeout(180_000);

/** The purchase flow needs no web origin: every call goes through a service's sidecar. */
const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration'];

describe('the purchase flow through real sidecars', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', only: SERVICES });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when a buyer orders and pays, then the order is complete and the ticket sold to them everywhere', async () => {
    const seller = await signUp(stack, 'seller');
    const buyer = await signUp(stack, 'buyer');
    const [ticket] = await listTicket(stack, seller);

    const order = await orderWhenKnown(stack, buyer, ticket!.id);
    expect(order.status).toBe(201);
    const orderId = (order.body as { id: string }).id;
    await eventually(async () =>
      (await getTicket(stack, ticket!.id)).status === 'reserved' ? true : undefined,
    );

    const payment = await payWhenKnown(stack, buyer, orderId);
    expect(payment.status).toBe(201);

    await eventually(async () =>
      (await getOrder(stack, buyer, orderId)).status === 'complete' ? true : undefined,
    );
    const sold = await eventually(async () => {
      const t = await getTicket(stack, ticket!.id, buyer);
      return t.status === 'sold' ? t : undefined;
    });
    expect(sold).toMatchObject({ holderId: buyer.id, orderId });

    // Nobody else can order it, and the paid order cannot be cancelled by the buyer.
    const other = await signUp(stack, 'late');
    const late = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
      headers: other.auth,
      body: { ticketId: ticket!.id },
    });
    expect(late.status).toBe(409);
    const cancel = await invoke(stack, 'orders', 'orders', 'DELETE', `api/orders/${orderId}`, {
      headers: buyer.auth,
    });
    expect(cancel.status).toBe(409);
    const again = await invoke(stack, 'payments', 'payments', 'POST', 'api/payments', {
      headers: buyer.auth,
      body: { orderId, paymentMethod: 'pm_card_visa' },
    });
    expect(again.status).toBe(409);
  });

  it('when 100 buyers order the same ticket at the same instant, then exactly one wins', async () => {
    const seller = await signUp(stack, 'seller');
    const [ticket] = await listTicket(stack, seller);
    const buyers = await Promise.all(Array.from({ length: 100 }, () => signUp(stack, 'crowd')));
    // Orders knows the ticket once the seller's own order is refused with 400 (404 before).
    await eventually(async () => {
      const t = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
        headers: seller.auth,
        body: { ticketId: ticket!.id },
      });
      return t.status === 400 ? true : undefined;
    });

    const results = await Promise.all(
      buyers.map((b) =>
        invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
          headers: b.auth,
          body: { ticketId: ticket!.id },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);

    const lists = await Promise.all(
      buyers.map((b) =>
        invoke(stack, 'orders', 'orders', 'GET', 'api/orders', { headers: b.auth }),
      ),
    );
    const stored = lists.flatMap((l) => (l.body as { items: unknown[] }).items);
    expect(stored).toHaveLength(1);
  });

  it('when the same payment is sent twice at once, then the card is charged once', async () => {
    const seller = await signUp(stack, 'seller');
    const buyer = await signUp(stack, 'buyer');
    const [ticket] = await listTicket(stack, seller);
    const order = await orderWhenKnown(stack, buyer, ticket!.id);
    const orderId = (order.body as { id: string }).id;
    // Payments knows the order once its replica holds it (a stranger's attempt answers 404
    // either way, so the store is asked directly).
    const mongo = await MongoClient.connect(
      `mongodb://127.0.0.1:${stack.service('ferretdb').port}/`,
    );
    try {
      await eventually(async () =>
        (await mongo
          .db('payments')
          .collection<{ _id: string }>('orders')
          .countDocuments({ _id: orderId }))
          ? true
          : undefined,
      );
    } finally {
      await mongo.close();
    }

    const send = () =>
      invoke(stack, 'payments', 'payments', 'POST', 'api/payments', {
        headers: buyer.auth,
        body: { orderId, paymentMethod: 'pm_card_visa' },
      });
    const [a, b] = await Promise.all([send(), send()]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    await eventually(async () =>
      (await getOrder(stack, buyer, orderId)).status === 'complete' ? true : undefined,
    );
    // One payment.created means one completion: the order's version moved once past created.
    const final = (await getOrder(stack, buyer, orderId)) as unknown as { version: number };
    expect(final.version).toBe(1);
  });

  it('when tickets dies between its write and its publish, then the event is delivered after restart', async () => {
    await stack.stopService('tickets');
    await stack.startService('tickets', { env: { TEST_CRASH_BEFORE_PUBLISH: 'ticket.created' } });
    const seller = await signUp(stack, 'seller');
    const buyer = await signUp(stack, 'buyer');
    const tickets = await listTicket(stack, seller);
    const ticketId = tickets[0]!.id;
    // The app killed itself before publishing; the sidecar is still up. Restart both.
    await eventually(async () => (stack.service('tickets').process?.running ? undefined : true));
    await stack.stopService('tickets');
    await stack.startService('tickets');

    const order = await orderWhenKnown(stack, buyer, ticketId, 30_000);
    expect(order.status).toBe(201);
  });
});

describe('holds that expire', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      only: SERVICES,
      env: { EXPIRATION_WINDOW_SECONDS: '3' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when an order is left unpaid, then its reminder cancels it and the ticket is on sale within 2 s of expiresAt', async () => {
    const seller = await signUp(stack, 'seller');
    const buyer = await signUp(stack, 'buyer');
    const [ticket] = await listTicket(stack, seller);
    const order = await orderWhenKnown(stack, buyer, ticket!.id);
    expect(order.status).toBe(201);
    const { id: orderId, expiresAt } = order.body as { id: string; expiresAt: string };

    await eventually(
      async () =>
        (await getTicket(stack, ticket!.id)).status === 'available' &&
        Date.now() > Date.parse(expiresAt)
          ? true
          : undefined,
      10_000,
    );
    const lateBy = Date.now() - Date.parse(expiresAt);
    expect(lateBy).toBeLessThan(2000);
    expect((await getOrder(stack, buyer, orderId)).status).toBe('cancelled');

    // Paying a cancelled order is refused.
    const pay = await invoke(stack, 'payments', 'payments', 'POST', 'api/payments', {
      headers: buyer.auth,
      body: { orderId, paymentMethod: 'pm_card_visa' },
    });
    expect(pay.status).toBe(409);
  });

  it('when the expiration service and its sidecar are killed during a hold, then the hold still expires', async () => {
    const seller = await signUp(stack, 'seller');
    const buyer = await signUp(stack, 'buyer');
    const [ticket] = await listTicket(stack, seller);
    const order = await orderWhenKnown(stack, buyer, ticket!.id);
    const { id: orderId } = order.body as { id: string };
    // Let expiration register the reminder, then crash it.
    await new Promise((r) => setTimeout(r, 500));
    await stack.stopService('expiration', { kill: true });
    await stack.startService('expiration');

    await eventually(
      async () =>
        (await getOrder(stack, buyer, orderId)).status === 'cancelled' ? true : undefined,
      20_000,
    );
    await eventually(async () =>
      (await getTicket(stack, ticket!.id)).status === 'available' ? true : undefined,
    );
  });
});
