/**
 * Insights: event-to-figure lag of the Go insights service during a spread sale, and its memory
 * next to a Node service's. Prints one JSON line.
 *
 *   npx tsx bench/insights-lag.ts [--tickets 200] [--in-flight 10]
 *
 * The seller lists --tickets tickets; once insights counts them all, --in-flight buyers at a
 * time hold and pay for one each (through orders' and payments' sidecars, stripe-mock charging).
 * Every event insights applies records the time from the write that made it (the UUIDv7 event
 * id, stamped when the outbox entry was written) to its figures being stored in the state store
 * (GET /internal/lag on the app): outbox relay, broker, sidecar delivery, schema validation and
 * the ETag'd state writes, all included. The bench waits until insights shows every sale.
 * RSS is read from /proc for the insights process (the Go binary itself: run.sh execs it) and
 * for orders (node running TypeScript through tsx, as `npm start` does), after the sale.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Stack } from '@ticketing/runner';
import { startStack } from '@ticketing/runner';
import { LOAD_LIMITS } from '@ticketing/testkit';
import {
  APPS,
  arg,
  awaitReplicas,
  buyers as makeBuyers,
  call,
  listTickets,
  say,
  signUpSeller,
} from './support/stack';

const TICKETS = arg('tickets', 200);
const IN_FLIGHT = arg('in-flight', 10);
const ROOT = path.resolve(__dirname, '..');

function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 102.4) / 10 : undefined;
}

async function sellerFigures(stack: Stack, auth: Record<string, string>) {
  const r = await call(`${stack.appUrl('insights')}/api/insights/sellers/me`, 'GET', {
    ...auth,
    'dapr-api-token': stack.appApiToken,
  });
  if (r.status !== 200) throw new Error(`insights ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.totals as { listed: number; sold: number; held: number };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const build = spawnSync('bash', ['services/insights/run.sh', '--build-only'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`insights build failed: ${build.stderr}`);
  const stack = await startStack({
    ports: 'free',
    only: [...APPS, 'insights'],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...LOAD_LIMITS },
    timeoutMs: 120_000,
  });
  try {
    const seller = await signUpSeller(stack);
    const ids = await listTickets(stack, seller, TICKETS);
    await awaitReplicas(stack, ids, seller);
    await until('insights to count the listing', async () => {
      return (await sellerFigures(stack, seller)).listed === TICKETS;
    });
    say(`insights-lag: ${TICKETS} tickets listed and counted; selling at ${IN_FLIGHT} in flight`);
    const lagUrl = `${stack.appUrl('insights')}/internal/lag`;
    const appToken = { 'dapr-api-token': stack.appApiToken };
    await call(lagUrl, 'DELETE', appToken);

    const buyers = makeBuyers(stack, ids.length);
    const orders = `${stack.daprUrl('orders')}/v1.0/invoke/orders/method/api/orders`;
    const payments = `${stack.daprUrl('payments')}/v1.0/invoke/payments/method/api/payments`;
    const token = { 'dapr-api-token': stack.daprApiToken };
    let next = 0;
    let sold = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < ids.length; i = next++) {
          const auth = { ...buyers[i]!.auth, ...token };
          const order = await call(orders, 'POST', auth, { ticketId: ids[i] });
          if (order.status !== 201) continue;
          // Payments learns of the order from order.created: 404 until then.
          for (let tries = 0; tries < 100; tries++) {
            const pay = await call(payments, 'POST', auth, {
              orderId: order.body.id,
              paymentMethod: 'pm_card_visa',
            });
            if (pay.status === 201) {
              sold++;
              break;
            }
            if (pay.status !== 404) {
              refused++;
              break;
            }
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      }),
    );
    const saleSeconds = (performance.now() - started) / 1000;
    say(`insights-lag: ${sold} sold (${refused} payments refused) in ${saleSeconds.toFixed(1)} s`);
    // A refused payment leaves its hold open until it expires: wait for the sales only.
    await until('insights to count every sale', async () => {
      return (await sellerFigures(stack, seller)).sold === sold;
    });
    const lag = (await call(lagUrl, 'GET', appToken)).body;
    const result = {
      bench: 'insights-lag',
      tickets: TICKETS,
      inFlight: IN_FLIGHT,
      sold,
      paymentsRefused: refused,
      saleSeconds: Number(saleSeconds.toFixed(1)),
      eventsApplied: lag.count,
      lagMs: { p50: lag.p50Ms, p99: lag.p99Ms, max: lag.maxMs },
      rssMb: {
        insightsGo: rssMb(stack.service('insights').process?.pid),
        ordersNode: rssMb(stack.service('orders').process?.pid),
        insightsSidecar: rssMb(stack.service('insights').sidecar?.pid),
      },
      profile: stack.profile,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`insights-lag failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
