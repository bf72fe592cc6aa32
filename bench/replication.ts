/**
 * Replication: how long a listing takes to reach orders' replica, and how many times orders
 * applied each `ticket.created` (more than once means the broker redelivered). Prints one JSON
 * line.
 *
 *   npx tsx bench/replication.ts [--tickets 1000] [--timeout-seconds 300]
 *
 * Lists --tickets tickets through the tickets sidecar (100 per request, 4 at a time), then
 * waits until orders refuses the seller's own order for each (400: it knows the ticket; 404:
 * not yet). The counters come from the services (GET /debug/ops): orders' `tickets.insert`
 * writes and its `lag.ticket.created` samples (outbox write to handler start).
 */
import {
  arg,
  awaitReplicas,
  benchStack,
  listTickets,
  readOps,
  resetOps,
  say,
  settledOps,
  signUpSeller,
} from './support/stack';

const TICKETS = arg('tickets', 1000);
const TIMEOUT_MS = arg('timeout-seconds', 300) * 1000;

async function main() {
  const stack = await benchStack();
  try {
    const sellerAuth = await signUpSeller(stack);
    await resetOps(stack);
    const t0 = performance.now();
    const ids = await listTickets(stack, sellerAuth, TICKETS);
    const listedS = (performance.now() - t0) / 1000;
    say(`replication: ${ids.length} listed in ${listedS.toFixed(1)} s; waiting for orders`);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), TIMEOUT_MS));
    const done = await Promise.race([awaitReplicas(stack, ids, sellerAuth), timeout]);
    const replicatedS = (performance.now() - t0) / 1000;
    const ops = done === 'timeout' ? await readOps(stack, ['orders']) : await settledOps(stack);
    const orders = ops.orders!;
    const lag = orders.timings['lag.ticket.created'];
    const result = {
      bench: 'replication',
      tickets: ids.length,
      listedSeconds: Number(listedS.toFixed(2)),
      replicatedSeconds: done === 'timeout' ? null : Number(replicatedS.toFixed(2)),
      timedOut: done === 'timeout',
      replicatedPerSecond:
        done === 'timeout' ? null : Number((ids.length / replicatedS).toFixed(1)),
      ordersTicketInserts: orders.writes['tickets.insert'] ?? 0,
      ordersTicketCreatedHandled: lag?.count ?? 0,
      lagTicketCreatedMs: lag ? { p50: lag.p50ms, p99: lag.p99ms, max: lag.maxms } : null,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
