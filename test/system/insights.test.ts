import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startStack, type Stack } from '@ticketing/runner';
import { contractViolation } from '@ticketing/testkit';
import type { SellerInsights } from '@ticketing/contracts';
import { eventually, invoke } from './support/stack-helpers';
import {
  getOrder,
  listTicket,
  orderWhenKnown,
  payWhenKnown,
  signUp,
  type User,
} from './support/shop';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'insights'];
// Short enough for the expiry to come quickly, long enough for a purchase to finish first.
const WINDOW_SECONDS = 8;

/** The Go service, built once before any stack starts (a cold build outlasts a health wait). */
beforeAll(() => {
  const res = spawnSync('bash', ['services/insights/run.sh', '--build-only'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`insights build failed: ${res.stderr}`);
});

async function sellerFigures(stack: Stack, seller: User): Promise<SellerInsights> {
  const res = await invoke(stack, 'insights', 'insights', 'GET', 'api/insights/sellers/me', {
    headers: seller.auth,
  });
  const violation = contractViolation('GET', '/api/insights/sellers/me', res.status, res.body);
  if (violation) throw new Error(violation);
  if (res.status !== 200) throw new Error(`insights ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as unknown as SellerInsights;
}

/** Polls the order until it reaches `status`; returns when that was first seen. */
async function seenAt(stack: Stack, buyer: User, orderId: string, status: string) {
  await eventually(
    async () => ((await getOrder(stack, buyer, orderId)).status === status ? true : undefined),
    30_000,
  );
  return Date.now();
}

describe.each(['nats', 'redis'])('insights through the %s profile', (profile) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      profile,
      only: SERVICES,
      env: { EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS) },
      timeoutMs: 120_000,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when a ticket is bought and another hold expires, then the seller figures move within 2 s of each', async () => {
    const seller = await signUp(stack, 'seller');
    const buyer = await signUp(stack, 'buyer');
    const tickets = await listTicket(stack, seller, { quantity: 2, price: 4200 });
    const event = await eventually(async () => {
      const f = await sellerFigures(stack, seller);
      return f.totals.listed === 2 ? f : undefined;
    }, 15_000);
    expect(event.events).toHaveLength(1);
    expect(event.totals).toMatchObject({ sold: 0, held: 0, onSale: 2 });

    // A purchase.
    const bought = await orderWhenKnown(stack, buyer, tickets[0]!.id);
    expect(bought.status).toBe(201);
    const boughtId = (bought.body as { id: string }).id;
    // The other ticket is held and left to expire.
    const held = await orderWhenKnown(stack, buyer, tickets[1]!.id);
    expect(held.status).toBe(201);
    const heldId = (held.body as { id: string }).id;
    const pay = await payWhenKnown(stack, buyer, boughtId);
    expect(pay.status).toBe(201);

    const completedAt = await seenAt(stack, buyer, boughtId, 'complete');
    const afterSale = await eventually(async () => {
      const f = await sellerFigures(stack, seller);
      return f.totals.sold === 1 ? f : undefined;
    }, 10_000);
    const saleLag = Date.now() - completedAt;
    expect(afterSale.totals.revenue).toEqual([{ currency: 'usd', amount: 4200 }]);
    expect(afterSale.totals.sellThrough).toBe(0.5);
    expect(afterSale.revenueByDay).toEqual([
      { day: new Date().toISOString().slice(0, 10), currency: 'usd', amount: 4200 },
    ]);
    expect(afterSale.events[0]!.sellThrough.at(-1)).toMatchObject({ sold: 1, ratio: 0.5 });

    const expiredAt = await seenAt(stack, buyer, heldId, 'cancelled');
    const afterExpiry = await eventually(async () => {
      const f = await sellerFigures(stack, seller);
      return f.totals.expired === 1 ? f : undefined;
    }, 10_000);
    const expiryLag = Date.now() - expiredAt;
    expect(afterExpiry.totals).toMatchObject({ held: 0, cancelled: 1, expired: 1, sold: 1 });

    expect({ saleLag: saleLag < 2000, expiryLag: expiryLag < 2000 }).toEqual({
      saleLag: true,
      expiryLag: true,
    });

    // One event's route: the seller sees it; the buyer, who lists nothing there, may not.
    const id = afterExpiry.events[0]!.event.id;
    const mine = await invoke(stack, 'insights', 'insights', 'GET', `api/insights/events/${id}`, {
      headers: seller.auth,
    });
    expect(mine.status).toBe(200);
    expect(contractViolation('GET', `/api/insights/events/${id}`, 200, mine.body)).toBeUndefined();
    const theirs = await invoke(stack, 'insights', 'insights', 'GET', `api/insights/events/${id}`, {
      headers: buyer.auth,
    });
    expect(theirs.status).toBe(403);
    const anonymous = await invoke(stack, 'insights', 'insights', 'GET', 'api/insights/sellers/me');
    expect(anonymous.status).toBe(401);
  });

  it('when an event is redelivered or arrives out of order through the sidecar, then figures count it once', async () => {
    const seller = await signUp(stack, 'seller');
    const [ticket] = await listTicket(stack, seller, { price: 1000 });
    await eventually(async () => {
      const f = await sellerFigures(stack, seller);
      return f.totals.listed === 1 ? f : undefined;
    }, 15_000);
    const publish = (topic: string, data: unknown) =>
      fetch(`${stack.daprUrl('orders')}/v1.0/publish/pubsub/${topic}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dapr-api-token': stack.daprApiToken },
        body: JSON.stringify(data),
      });
    const orderId = `fake-${Date.now()}`;
    const completed = {
      eventId: `${orderId}-c`,
      id: orderId,
      version: 2,
      userId: 'someone',
      ticketId: ticket!.id,
      paymentId: 'p1',
    };
    // Completion before creation: insights asks for redelivery until the creation lands.
    expect((await publish('order.completed', completed)).status).toBe(204);
    const created = {
      eventId: `${orderId}-o`,
      id: orderId,
      version: 0,
      userId: 'someone',
      status: 'created',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      ticket: { id: ticket!.id, title: 'x', price: 1000, currency: 'usd', sellerId: seller.id },
    };
    await new Promise((r) => setTimeout(r, 500));
    expect((await publish('order.created', created)).status).toBe(204);
    expect((await publish('order.created', created)).status).toBe(204);
    expect((await publish('order.completed', completed)).status).toBe(204);
    const f = await eventually(async () => {
      const f = await sellerFigures(stack, seller);
      return f.totals.sold === 1 ? f : undefined;
    }, 30_000);
    // Give any duplicate time to (wrongly) count again.
    await new Promise((r) => setTimeout(r, 1500));
    const again = await sellerFigures(stack, seller);
    expect(again.totals).toMatchObject({ sold: 1, held: 0 });
    expect(again.totals.revenue).toEqual(f.totals.revenue);
  });
});
