/**
 * Flash sale: T tickets, B buyers arriving at once, every request through the orders sidecar
 * (service invocation). Prints attempts/s, latency percentiles, reservations won and the
 * oversold count, which must be 0.
 *
 *   npx tsx bench/flash-sale.ts [--tickets 200] [--buyers 2000] [--attempts 3] [--in-flight N] [--direct]
 *
 * By default every buyer arrives at once (2,000 requests in flight); --in-flight caps how many
 * buyers are being served at a time, which shows latency at a load the stack can sustain.
 *
 * --direct also runs the same sale against the orders app without its sidecar, to show what
 * the Dapr path costs. Starts its own stack on free ports.
 */
import { randomBytes } from 'node:crypto';
import { signToken } from '@ticketing/common';
import { startStack, type Stack } from '@ticketing/runner';
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 30_000 }));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const T = arg('tickets', 200);
const B = arg('buyers', 2000);
const ATTEMPTS = arg('attempts', 3);
const DIRECT = process.argv.includes('--direct');
const IN_FLIGHT = arg('in-flight', B);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function listTickets(stack: Stack, sellerAuth: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  const startsAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  for (let left = T; left > 0; left -= 100) {
    const res = await call(
      `${stack.daprUrl('tickets')}/v1.0/invoke/tickets/method/api/tickets`,
      'POST',
      { ...sellerAuth, 'dapr-api-token': stack.daprApiToken },
      {
        title: `Flash ${randomBytes(3).toString('hex')}`,
        category: 'concert',
        venue: 'Stadium',
        startsAt,
        price: 5000,
        quantity: Math.min(100, left),
      },
    );
    if (res.status !== 201)
      throw new Error(`listing failed: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.tickets.map((t: { id: string }) => t.id));
  }
  return ids;
}

/** Waits until orders holds every ticket: the seller's own order is refused (400), not 404. */
async function awaitReplicas(stack: Stack, ids: string[], sellerAuth: Record<string, string>) {
  const url = `${stack.daprUrl('orders')}/v1.0/invoke/orders/method/api/orders`;
  for (const ticketId of ids) {
    for (;;) {
      const r = await call(
        url,
        'POST',
        { ...sellerAuth, 'dapr-api-token': stack.daprApiToken },
        { ticketId },
      );
      if (r.status === 400) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

async function sale(stack: Stack, mode: 'dapr' | 'direct', sellerAuth: Record<string, string>) {
  const ids = await listTickets(stack, sellerAuth);
  process.stdout.write(`${mode}: listed ${ids.length} tickets, waiting for orders to know them…\n`);
  await awaitReplicas(stack, ids, sellerAuth);
  process.stdout.write(`${mode}: ${B} buyers go\n`);
  const buyers = Array.from({ length: B }, (_, i) => {
    const id = randomBytes(12).toString('hex');
    return {
      id,
      auth: {
        authorization: `Bearer ${signToken({ id, email: `b${i}@bench.test` }, stack.secret('jwt'), 3600)}`,
      },
    };
  });
  const url =
    mode === 'dapr'
      ? `${stack.daprUrl('orders')}/v1.0/invoke/orders/method/api/orders`
      : `${stack.appUrl('orders')}/api/orders`;
  const token = mode === 'dapr' ? stack.daprApiToken : stack.appApiToken;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let won = 0;
  const started = performance.now();
  const queue = [...buyers];
  const serve = async (b: (typeof buyers)[number]) => {
    for (let a = 0; a < ATTEMPTS; a++) {
      const ticketId = ids[Math.floor(Math.random() * ids.length)]!;
      const t0 = performance.now();
      const r = await call(url, 'POST', { ...b.auth, 'dapr-api-token': token }, { ticketId });
      latencies.push(performance.now() - t0);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 201) {
        won++;
        return;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, B) }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) await serve(b);
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  // Oversold: any ticket held by more than one open or complete order, from the buyers' own lists.
  const perTicket = new Map<string, number>();
  const listUrl =
    mode === 'dapr'
      ? `${stack.daprUrl('orders')}/v1.0/invoke/orders/method/api/orders`
      : `${stack.appUrl('orders')}/api/orders`;
  for (let i = 0; i < buyers.length; i += 100) {
    const lists = await Promise.all(
      buyers
        .slice(i, i + 100)
        .map((b) => call(listUrl, 'GET', { ...b.auth, 'dapr-api-token': token })),
    );
    for (const l of lists) {
      for (const o of l.body.items as { status: string; ticket: { id: string } }[]) {
        if (o.status !== 'cancelled')
          perTicket.set(o.ticket.id, (perTicket.get(o.ticket.id) ?? 0) + 1);
      }
    }
  }
  const oversold = [...perTicket.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  latencies.sort((x, y) => x - y);
  return {
    mode,
    tickets: T,
    buyers: B,
    inFlight: Math.min(IN_FLIGHT, B),
    attempts: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    attemptsPerSecond: Math.round(latencies.length / seconds),
    p50ms: Number(pct(latencies, 50).toFixed(1)),
    p95ms: Number(pct(latencies, 95).toFixed(1)),
    p99ms: Number(pct(latencies, 99).toFixed(1)),
    reservations: won,
    storedReservations: [...perTicket.values()].reduce((n, c) => n + c, 0),
    oversold,
    statuses: Object.fromEntries(statuses),
  };
}

async function main() {
  process.stdout.write(
    `flash sale: ${T} tickets, ${B} buyers (${Math.min(IN_FLIGHT, B)} in flight), up to ${ATTEMPTS} attempts each\n`,
  );
  // Request logs off (warn): at thousands of requests a second they cost more than the work.
  const stack = await startStack({
    ports: 'free',
    only: ['auth', 'tickets', 'orders'],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  try {
    const signup = await call(
      `${stack.daprUrl('auth')}/v1.0/invoke/auth/method/api/users/signup`,
      'POST',
      { 'dapr-api-token': stack.daprApiToken },
      {
        email: `seller-${randomBytes(4).toString('hex')}@bench.test`,
        password: 'correct horse battery',
      },
    );
    const sellerAuth = { authorization: `Bearer ${signup.body.token}` };
    const results = [await sale(stack, 'dapr', sellerAuth)];
    if (DIRECT) results.push(await sale(stack, 'direct', sellerAuth));
    for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
    if (DIRECT) {
      const ratio = results[0]!.attemptsPerSecond / results[1]!.attemptsPerSecond;
      process.stdout.write(`dapr path keeps ${(ratio * 100).toFixed(0)}% of direct throughput\n`);
    }
    if (results.some((r) => r.oversold > 0)) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
