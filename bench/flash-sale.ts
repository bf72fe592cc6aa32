/**
 * Flash sale: T tickets, B buyers. Prints one JSON line per run: attempts/s and successful
 * holds/s, latency p50/p95/p99, holds won, the oversold count (must be 0) and what one hold
 * cost: every store write and every event published, summed across services from their own
 * counters (GET /debug/ops), each service's share beside it.
 *
 *   npx tsx bench/flash-sale.ts [--tickets 200] [--buyers 2000] [--attempts 3] [--in-flight N]
 *                               [--spread] [--origin] [--direct] [--crowd N]
 *
 * Hot mode (default): every buyer tries random tickets of the same T, up to --attempts times.
 * --spread: buyer i goes for ticket i (as in a stadium on-sale), one attempt each.
 * --origin: through the public origin (/api/orders on web, web's sidecar, orders' sidecar), as
 *   browsers do; otherwise through the orders sidecar. --direct adds a run against the orders
 *   app without its sidecar, to show what the Dapr path costs.
 * --crowd N: N buyers arrive at the origin at once, one try each, through its waiting room
 *   (decision 020): those told to wait follow the room's event stream and buy with their pass.
 *   Prints the admitted requests' p50/p99, FIFO (overtakings as the origin numbered arrivals
 *   and admissions; how much sooner a later arrival saw its turn, the client-side jitter) and
 *   the 5xx count.
 * --in-flight caps how many buyers are served at a time (default: all at once).
 * Starts its own stack on free ports; progress goes to stderr, results to stdout.
 */
import {
  apiUrl,
  arg,
  awaitReplicas,
  benchStack,
  buyers as makeBuyers,
  call,
  costPerHold,
  flag,
  listTickets,
  pathHeaders,
  pct,
  resetOps,
  say,
  settledOps,
  signUpSeller,
  type Path,
  type Stack,
} from './support/stack';
import { cpuPer, cpuSnapshot } from './support/cpu';
import { closeCrowdStreams, crowdSale, fifoReport } from './support/crowd';

/** Where the CPU goes during a sale: every process group of the stack. */
const PROCESSES = [
  'postgres',
  'ferretdb',
  'nats',
  'auth',
  'tickets',
  'orders',
  'payments',
  'expiration',
  'web',
  'placement',
  'scheduler',
];

const T = arg('tickets', 200);
const B = arg('buyers', 2000);
const SPREAD = flag('spread');
const ATTEMPTS = SPREAD ? 1 : arg('attempts', 3);
const ORIGIN = flag('origin');
const DIRECT = flag('direct');
const IN_FLIGHT = Math.min(arg('in-flight', B), B);
const CROWD = arg('crowd', 0);

async function sale(stack: Stack, path: Path, sellerAuth: Record<string, string>) {
  const listStarted = performance.now();
  const ids = await listTickets(stack, sellerAuth, T);
  const listedIn = (performance.now() - listStarted) / 1000;
  say(`${path}: listed ${ids.length} tickets in ${listedIn.toFixed(1)} s; waiting for orders…`);
  await awaitReplicas(stack, ids, sellerAuth);
  const replicatedIn = (performance.now() - listStarted) / 1000;
  say(`${path}: orders knows them after ${replicatedIn.toFixed(1)} s; ${B} buyers go`);
  const buyers = makeBuyers(stack, B);
  const url = apiUrl(stack, path, 'orders', '/api/orders');
  const headers = pathHeaders(stack, path);
  // Redeliveries of the listing's events would be counted as the holds' cost: let them finish.
  await settledOps(stack);
  await resetOps(stack);

  const cpuBefore = cpuSnapshot(stack, PROCESSES);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let won = 0;
  let next = 0;
  const started = performance.now();
  const serve = async (i: number) => {
    const b = buyers[i]!;
    for (let a = 0; a < ATTEMPTS; a++) {
      const ticketId = SPREAD ? ids[i % ids.length]! : ids[Math.floor(Math.random() * ids.length)]!;
      const t0 = performance.now();
      const r = await call(url, 'POST', { ...b.auth, ...headers }, { ticketId }).catch(() => ({
        status: 0,
        body: undefined,
      }));
      latencies.push(performance.now() - t0);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 201) {
        won++;
        return;
      }
    }
  };
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < B; i = next++) await serve(i);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  say(`${path}: ${won} holds in ${seconds.toFixed(1)} s; waiting for the services to settle…`);
  const ops = await settledOps(stack);
  // Up to here the consumers' work for these holds is done too.
  const cpu = cpuPer(cpuBefore, cpuSnapshot(stack, PROCESSES), won);

  // Oversold: any ticket held by more than one open or complete order, from the buyers' own lists.
  const perTicket = new Map<string, number>();
  for (let i = 0; i < buyers.length; i += 100) {
    const lists = await Promise.all(
      buyers.slice(i, i + 100).map((b) => call(url, 'GET', { ...b.auth, ...headers })),
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
  const cost = costPerHold(ops, won);
  return {
    bench: 'flash-sale',
    mode: SPREAD ? 'spread' : 'hot',
    path,
    tickets: T,
    buyers: B,
    inFlight: IN_FLIGHT,
    attempts: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    attemptsPerSecond: Math.round(latencies.length / seconds),
    holdsPerSecond: Math.round(won / seconds),
    p50ms: pct(latencies, 50),
    p95ms: pct(latencies, 95),
    p99ms: pct(latencies, 99),
    holds: won,
    storedHolds: [...perTicket.values()].reduce((n, c) => n + c, 0),
    oversold,
    statuses: Object.fromEntries(statuses),
    listSeconds: Number(listedIn.toFixed(1)),
    listAndReplicateSeconds: Number(replicatedIn.toFixed(1)),
    dbWritesPerHold: cost.dbWritesPerHold,
    eventsPerHold: cost.eventsPerHold,
    sidecarWritesPerHold: cost.sidecarWritesPerHold,
    writesAndEventsPerHold: cost.writesAndEventsPerHold,
    perService: cost.byService,
    ...cpu,
  };
}

async function crowd(stack: Stack, sellerAuth: Record<string, string>) {
  const ids = await listTickets(stack, sellerAuth, T);
  await awaitReplicas(stack, ids, sellerAuth);
  say(`crowd: ${ids.length} tickets known to orders; ${CROWD} buyers arrive at once`);
  const buyers = makeBuyers(stack, CROWD);
  await settledOps(stack);
  await resetOps(stack);
  const pick = (i: number) =>
    SPREAD ? ids[i % ids.length]! : ids[Math.floor(Math.random() * ids.length)]!;
  const run = await crowdSale(stack.appUrl('web'), buyers, pick);
  await closeCrowdStreams();
  const admitted = run.outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const fivexx = [...run.statuses].reduce((n, [s, c]) => n + (s >= 500 ? c : 0), 0);
  const holds = run.outcomes.filter((o) => o.status === 201).length;
  return {
    bench: 'flash-sale',
    mode: `crowd-${SPREAD ? 'spread' : 'hot'}`,
    path: 'origin',
    tickets: T,
    crowd: CROWD,
    seconds: Number(run.seconds.toFixed(2)),
    admittedRequests: admitted.length,
    admittedP50ms: pct(admitted, 50),
    admittedP95ms: pct(admitted, 95),
    admittedP99ms: pct(admitted, 99),
    holds,
    fiveXX: fivexx,
    clientErrors: run.errors,
    statuses: Object.fromEntries(run.statuses),
    fifo: fifoReport(run.outcomes),
    roomAfter: run.room,
  };
}

async function main() {
  if (CROWD > 0) {
    say(`flash crowd: ${CROWD} buyers at once through the origin's waiting room, ${T} tickets`);
    const stack = await benchStack({ withWeb: true });
    try {
      const result = await crowd(stack, await signUpSeller(stack));
      process.stdout.write(JSON.stringify(result) + '\n');
      if (result.fiveXX > 0 || result.fifo.overtakings > 0) process.exitCode = 1;
    } finally {
      await stack.stop();
    }
    return;
  }
  const path: Path = ORIGIN ? 'origin' : 'dapr';
  say(
    `flash sale (${SPREAD ? 'spread' : 'hot'}, ${path}): ${T} tickets, ${B} buyers ` +
      `(${IN_FLIGHT} in flight), up to ${ATTEMPTS} attempts each`,
  );
  // The holds/s target is the raw orders path through the origin: the waiting room (which would
  // turn the excess of 100 in flight into 429s) is measured on its own, with --crowd.
  const stack = await benchStack({ withWeb: ORIGIN, env: { WAITING_ROOM: 'false' } });
  try {
    const sellerAuth = await signUpSeller(stack);
    const results = [await sale(stack, path, sellerAuth)];
    if (DIRECT) results.push(await sale(stack, 'direct', sellerAuth));
    for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
    if (DIRECT) {
      const ratio = results[0]!.attemptsPerSecond / results[1]!.attemptsPerSecond;
      process.stdout.write(
        JSON.stringify({ bench: 'flash-sale', daprVsDirect: Number(ratio.toFixed(2)) }) + '\n',
      );
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
