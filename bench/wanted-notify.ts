/**
 * Wanted lists: the time from a holder's resale listing to the first wanted buyer's notification
 * ("A ticket is held for you"). Prints one JSON line.
 *
 *   npx tsx bench/wanted-notify.ts [--runs 100] [--prepare-in-flight 8]
 *
 * First prepares --runs sold-out events (one ticket each: listed, ordered and paid by a holder)
 * with one buyer on each event's wanted list. Then, one run at a time, the holder resells at face
 * value (POST /api/tickets/{id}/resale through the tickets sidecar) and the bench polls the
 * buyer's notifications (every 5 ms, through orders' sidecar) until the hold-offered one is
 * there. Latency is measured two ways: until the poll saw it (includes up to one poll interval)
 * and until the notification's own createdAt (the orders process's clock, same machine).
 * The path: tickets' write and ticket.updated through the broker -> orders frees the ticket into
 * an offer, makes the hold with order.created + order.offered in its outbox -> the relay
 * publishes -> orders' order.offered handler writes the notification to the appstate store.
 */
import { randomBytes } from 'node:crypto';
import type { Stack } from '@ticketing/runner';
import { arg, benchStack, buyers, call, pct, say, signUpSeller } from './support/stack';

const RUNS = arg('runs', 100);
const PREPARE_IN_FLIGHT = arg('prepare-in-flight', 8);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function via(stack: Stack, app: string, route: string) {
  return `${stack.daprUrl(app)}/v1.0/invoke/${app}/method${route}`;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

interface Prepared {
  ticketId: string;
  holder: { auth: Record<string, string> };
  fan: { id: string; auth: Record<string, string> };
}

async function prepare(stack: Stack, seller: Record<string, string>): Promise<Prepared> {
  const token = { 'dapr-api-token': stack.daprApiToken };
  const [holder, fan] = buyers(stack, 2);
  const listed = await call(
    via(stack, 'tickets', '/api/tickets'),
    'POST',
    { ...seller, ...token },
    {
      title: `Wanted ${randomBytes(4).toString('hex')}`,
      category: 'concert',
      venue: 'Hall',
      startsAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
      price: 4000,
    },
  );
  if (listed.status !== 201)
    throw new Error(`list ${listed.status} ${JSON.stringify(listed.body)}`);
  const ticket = listed.body.tickets[0] as { id: string; eventId: string };
  const order = await until('orders knows the ticket', async () => {
    const r = await call(
      via(stack, 'orders', '/api/orders'),
      'POST',
      { ...holder!.auth, ...token },
      {
        ticketId: ticket.id,
      },
    );
    return r.status === 404 ? undefined : r;
  });
  if (order.status !== 201) throw new Error(`order ${order.status} ${JSON.stringify(order.body)}`);
  const paid = await until('payments knows the order', async () => {
    const r = await call(
      via(stack, 'payments', '/api/payments'),
      'POST',
      { ...holder!.auth, ...token },
      {
        orderId: order.body.id,
        paymentMethod: 'pm_card_visa',
      },
    );
    return r.status === 404 ? undefined : r;
  });
  if (paid.status !== 201) throw new Error(`pay ${paid.status} ${JSON.stringify(paid.body)}`);
  await until('tickets shows it sold', async () => {
    const r = await call(via(stack, 'tickets', `/api/tickets/${ticket.id}`), 'GET', token);
    return r.body?.status === 'sold' ? true : undefined;
  });
  const joined = await until('orders has it sold', async () => {
    const r = await call(
      via(stack, 'orders', '/api/wanted'),
      'POST',
      { ...fan!.auth, ...token },
      {
        eventId: ticket.eventId,
        maxPrice: 4000,
      },
    );
    return r.status === 201 ? r : r.status === 409 || r.status === 404 ? undefined : r;
  });
  if (joined.status !== 201)
    throw new Error(`join ${joined.status} ${JSON.stringify(joined.body)}`);
  return { ticketId: ticket.id, holder: holder!, fan: fan! };
}

async function measure(stack: Stack, p: Prepared) {
  const token = { 'dapr-api-token': stack.daprApiToken };
  const start = Date.now();
  const resale = await call(
    via(stack, 'tickets', `/api/tickets/${p.ticketId}/resale`),
    'POST',
    { ...p.holder.auth, ...token },
    { price: 4000 },
  );
  if (resale.status !== 200)
    throw new Error(`resale ${resale.status} ${JSON.stringify(resale.body)}`);
  for (;;) {
    const r = await call(via(stack, 'orders', '/api/notifications'), 'GET', {
      ...p.fan.auth,
      ...token,
    });
    const n = (r.body?.items ?? []).find((i: { kind: string }) => i.kind === 'hold-offered');
    if (n) return { seen: Date.now() - start, stamped: Date.parse(n.createdAt) - start };
    if (Date.now() - start > 60_000) throw new Error('no notification within 60 s');
    await sleep(5);
  }
}

async function main() {
  say(`starting a stack…`);
  const stack = await benchStack();
  try {
    const seller = await signUpSeller(stack);
    say(`preparing ${RUNS} sold-out events with one buyer waiting on each…`);
    const prepared: Prepared[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: PREPARE_IN_FLIGHT }, async () => {
        for (let i = next++; i < RUNS; i = next++) {
          prepared[i] = await prepare(stack, seller);
          if (prepared.filter(Boolean).length % 10 === 0)
            say(`  ${prepared.filter(Boolean).length}/${RUNS}`);
        }
      }),
    );
    say('measuring, one resale at a time…');
    const seen: number[] = [];
    const stamped: number[] = [];
    for (const [i, p] of prepared.entries()) {
      const m = await measure(stack, p);
      seen.push(m.seen);
      stamped.push(m.stamped);
      if ((i + 1) % 10 === 0) say(`  ${i + 1}/${RUNS}: last ${m.seen} ms`);
    }
    seen.sort((a, b) => a - b);
    stamped.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'wanted-notify',
        runs: RUNS,
        resaleToNotificationSeen: {
          p50ms: pct(seen, 50),
          p99ms: pct(seen, 99),
          maxms: seen.at(-1),
        },
        resaleToNotificationWritten: {
          p50ms: pct(stamped, 50),
          p99ms: pct(stamped, 99),
          maxms: stamped.at(-1),
        },
        profile: stack.profile,
      }),
    );
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
