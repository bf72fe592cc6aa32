/**
 * Lag: how long events take to reach their handlers under flash-sale load, and how late holds
 * are released when thousands expire together. Prints two JSON lines.
 *
 *   npx tsx bench/lag.ts [--tickets 1000] [--in-flight 100] [--holds 10000] [--window 60]
 *
 * 1. Event propagation: a spread flash sale (--tickets buyers, one ticket each, --in-flight at a
 *    time); every handler records the time from the write that made the event (its id is a
 *    UUIDv7 stamped when the outbox entry was written) to the handler's start. p50/p99 per topic
 *    and over all, from the services' own samples (GET /debug/ops).
 * 2. Expiry lateness: --holds holds placed as fast as the stack takes them with a hold window of
 *    --window seconds; with a window longer than the placing took, all are pending at once, and
 *    they come due over the time it took to place them. Orders records, for each hold it releases
 *    on expiry, how long after expiresAt that was, and whether expiration's reminder or orders'
 *    own sweep released it; expiration counts the expiration.complete it published. The bench
 *    waits for every hold to expire.
 *
 * --tickets 0 skips the first part.
 */
import type { Stack } from '@ticketing/runner';
import {
  apiUrl,
  arg,
  awaitReplicas,
  benchStack,
  buyers as makeBuyers,
  call,
  listTickets,
  pathHeaders,
  readOps,
  resetOps,
  say,
  settledOps,
  signUpSeller,
} from './support/stack';

const TICKETS = arg('tickets', 1000);
const IN_FLIGHT = arg('in-flight', 100);
const HOLDS = arg('holds', 10_000);
const WINDOW = arg('window', 60);

async function holdAll(stack: Stack, ids: string[], inFlight: number) {
  const buyers = makeBuyers(stack, ids.length);
  const url = apiUrl(stack, 'dapr', 'orders', '/api/orders');
  const headers = pathHeaders(stack, 'dapr');
  let next = 0;
  let won = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < ids.length; i = next++) {
        const r = await call(url, 'POST', { ...buyers[i]!.auth, ...headers }, { ticketId: ids[i] });
        if (r.status === 201) won++;
      }
    }),
  );
  return { won, seconds: (performance.now() - started) / 1000 };
}

async function propagation(stack: Stack, sellerAuth: Record<string, string>) {
  const ids = await listTickets(stack, sellerAuth, TICKETS);
  await awaitReplicas(stack, ids, sellerAuth);
  say(`lag: ${TICKETS} tickets known to orders; spread sale at ${IN_FLIGHT} in flight`);
  await settledOps(stack);
  await resetOps(stack);
  const { won, seconds } = await holdAll(stack, ids, IN_FLIGHT);
  const ops = await settledOps(stack);
  const byTopic: Record<string, unknown> = {};
  const overall: Record<string, unknown> = {};
  for (const [app, o] of Object.entries(ops)) {
    for (const [name, t] of Object.entries(o.timings)) {
      if (name === 'lag') overall[app] = t;
      else if (name.startsWith('lag.')) byTopic[`${app} <- ${name.slice(4)}`] = t;
    }
  }
  const p99s = Object.values(overall).map((t) => (t as { p99ms: number }).p99ms);
  const p50s = Object.values(overall).map((t) => (t as { p50ms: number }).p50ms);
  return {
    bench: 'lag',
    measure: 'event propagation (outbox write -> handler) under a spread flash sale',
    tickets: TICKETS,
    inFlight: IN_FLIGHT,
    holds: won,
    holdsPerSecond: Math.round(won / seconds),
    worstServiceP50ms: Math.max(0, ...p50s),
    worstServiceP99ms: Math.max(0, ...p99s),
    byService: overall,
    byTopic,
  };
}

async function expiry(stack: Stack, sellerAuth: Record<string, string>) {
  say(`lag: listing ${HOLDS} tickets for the expiry run…`);
  const ids = await listTickets(stack, sellerAuth, HOLDS);
  await awaitReplicas(stack, ids, sellerAuth);
  await resetOps(stack);
  say(`lag: placing ${HOLDS} holds with a ${WINDOW} s window`);
  const placedAt = Date.now();
  const { won, seconds } = await holdAll(stack, ids, 200);
  const pendingAtOnce = seconds < WINDOW;
  say(
    `lag: ${won} holds placed in ${seconds.toFixed(1)} s (${pendingAtOnce ? 'all' : 'not all'} pending at once); waiting for them to expire`,
  );
  const deadline = placedAt + (WINDOW + seconds) * 1000 + 120_000;
  const none = { count: 0, p50ms: 0, p95ms: 0, p99ms: 0, maxms: 0 };
  let ops = await readOps(stack, ['orders', 'expiration']);
  const lateness = () => ops.orders!.timings['expiry.lateness'] ?? none;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    ops = await readOps(stack, ['orders', 'expiration']);
    if (lateness().count >= won) break;
  }
  // Late firings still publish for a while; count them once the stack is quiet.
  ops = await settledOps(stack, ['orders', 'expiration'], 10_000);
  const { count, p50ms, p95ms, p99ms, maxms } = lateness();
  const path = (via: string) => ops.orders!.timings[`expiry.lateness.${via}`] ?? none;
  return {
    bench: 'lag',
    measure: 'expiry lateness (expiresAt -> order cancelled and ticket released)',
    holdsPending: won,
    allPendingAtOnce: pendingAtOnce,
    windowSeconds: WINDOW,
    placedInSeconds: Number(seconds.toFixed(1)),
    expired: count,
    p50ms,
    p95ms,
    p99ms,
    maxms,
    byReminder: path('reminder'),
    bySweep: path('sweep'),
    expirationCompletePublished: ops.expiration!.published['expiration.complete'] ?? 0,
  };
}

async function main() {
  const stack = await benchStack({ env: { EXPIRATION_WINDOW_SECONDS: String(WINDOW) } });
  try {
    const sellerAuth = await signUpSeller(stack);
    if (TICKETS > 0)
      process.stdout.write(JSON.stringify(await propagation(stack, sellerAuth)) + '\n');
    if (HOLDS > 0) process.stdout.write(JSON.stringify(await expiry(stack, sellerAuth)) + '\n');
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
