/**
 * Browsing: `GET /api/tickets` with 1k, 10k and 100k tickets in the store. For each size and
 * query, p50/p95/p99 of sequential requests and the rows the store examined per request.
 *
 *   npx tsx bench/browse.ts [--sizes 1000,10000,100000] [--requests 100] [--origin]
 *
 * Rows examined are measured, not estimated: on FerretDB's postgresql handler they are the
 * tickets database's `seq_tup_read + idx_tup_fetch` in pg_stat_user_tables, read before and
 * after (Postgres publishes other sessions' counters within ~10 s, so the bench waits). On the
 * sqlite handler there are no such counters; FerretDB's explain says whether filter and sort
 * ran in the backend, and if not every document of the collection went through FerretDB.
 *
 * The tickets are written straight into the tickets database, in the shape the service stores
 * once its relay has published their ticket.created (an empty outbox): listing 100k tickets
 * through the API would measure the write path, which bench/flash-sale.ts does. 90 % are on
 * sale, the rest reserved or sold; starts spread over 90 days, five categories, varied prices.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { startStack } from '@ticketing/runner';
import { LOAD_LIMITS } from '@ticketing/testkit';
import { call, flag, pct, readOps, resetOps, say } from './support/stack';

const SIZES = (process.argv[process.argv.indexOf('--sizes') + 1] ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const sizes = process.argv.includes('--sizes') ? SIZES : [1000, 10_000, 100_000];
const REQUESTS = Number(process.argv[process.argv.indexOf('--requests') + 1]) || 100;
const ORIGIN = flag('origin');

const QUERIES: Record<string, string> = {
  'date (default)': '/api/tickets?limit=12',
  price: '/api/tickets?limit=12&sort=price',
  'category=opera': '/api/tickets?limit=12&category=opera',
  'page 5': '/api/tickets?limit=12&page=5',
};

const CATEGORIES = ['movie', 'concert', 'opera', 'sports', 'theatre'];

function ticketDocs(from: number, to: number, sellerId: string) {
  const now = Date.now();
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    const status = i % 10 === 0 ? (i % 20 === 0 ? 'sold' : 'reserved') : 'available';
    const title = `Event ${i % 500}`;
    const venue = `Venue ${i % 37}`;
    const startsAt = new Date(now + 86_400_000 + ((i * 7919) % (90 * 24 * 60)) * 60_000);
    return {
      _id: new mongoose.Types.ObjectId(),
      title,
      category: CATEGORIES[i % CATEGORIES.length],
      venue,
      startsAt,
      price: 1000 + ((i * 104_729) % 20_000),
      currency: 'usd',
      sellerId,
      status,
      orderId: status === 'available' ? null : randomBytes(12).toString('hex'),
      holderId: status === 'sold' ? randomBytes(12).toString('hex') : null,
      version: status === 'available' ? 0 : 1,
      eventKey: `${title}|${venue}|${startsAt.toISOString()}`,
      deletedAt: null,
      outbox: [],
      createdAt: new Date(now),
    };
  });
}

async function main() {
  say(`browse: ${sizes.join(', ')} tickets, ${REQUESTS} requests per query`);
  const stack = await startStack({
    ports: 'free',
    only: ['tickets', ...(ORIGIN ? ['web'] : [])],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...LOAD_LIMITS },
  });
  const usesPostgres = stack.services.has('postgres');
  const conn = await mongoose
    .createConnection(`mongodb://127.0.0.1:${stack.service('ferretdb').port}/tickets`)
    .asPromise();
  const pg = usesPostgres
    ? new Client({
        host: '127.0.0.1',
        port: stack.service('postgres').port,
        user: 'postgres',
        database: 'ferretdb',
      })
    : undefined;
  await pg?.connect();
  const rowsRead = async (): Promise<number> => {
    const r = await pg!.query(
      `select coalesce(sum(seq_tup_read), 0) + coalesce(sum(idx_tup_fetch), 0) as n
         from pg_stat_user_tables where schemaname = 'tickets'`,
    );
    return Number(r.rows[0].n);
  };
  const flushWait = () => new Promise((r) => setTimeout(r, 11_000));

  const base = ORIGIN
    ? stack.appUrl('web')
    : `${stack.daprUrl('tickets')}/v1.0/invoke/tickets/method`;
  const headers: Record<string, string> = ORIGIN ? {} : { 'dapr-api-token': stack.daprApiToken };
  const sellerId = randomBytes(12).toString('hex');
  const results = [];
  try {
    const tickets = conn.db!.collection('tickets');
    let have = 0;
    for (const size of sizes) {
      const seedStarted = performance.now();
      for (; have < size; have = Math.min(size, have + 2000))
        await tickets.insertMany(ticketDocs(have, Math.min(size, have + 2000), sellerId), {
          ordered: false,
        });
      say(
        `browse: ${size} tickets stored (${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
      );
      // Written behind the service's back: restart it, as after a deploy, so it reads them.
      const restartStarted = performance.now();
      await stack.stopService('tickets');
      await stack.startService('tickets');
      const restartSeconds = Number(((performance.now() - restartStarted) / 1000).toFixed(1));
      say(`browse: tickets restarted in ${restartSeconds} s`);
      for (const [name, route] of Object.entries(QUERIES)) {
        for (let w = 0; w < 5; w++) await call(`${base}${route}`, 'GET', headers);
        if (pg) await flushWait();
        const before = pg ? await rowsRead() : 0;
        await resetOps(stack, ['tickets']);
        const latencies: number[] = [];
        let items = 0;
        let total = 0;
        // At most ~30 s per query: a scanning store at 100k tickets takes seconds per request.
        const stopAt = performance.now() + 30_000;
        let r = 0;
        for (; r < REQUESTS && (r < 5 || performance.now() < stopAt); r++) {
          const t0 = performance.now();
          const res = await call(`${base}${route}`, 'GET', headers);
          latencies.push(performance.now() - t0);
          if (res.status !== 200)
            throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
          items = res.body.items.length;
          total = res.body.total;
        }
        let rowsPerRequest: number | null = null;
        if (pg) {
          await flushWait();
          rowsPerRequest = Math.round(((await rowsRead()) - before) / r);
        }
        const inMemory = (await readOps(stack, ['tickets'])).tickets!.timings['listing.examined'];
        const explain = await conn.db!.command({
          explain: { find: 'tickets', filter: { status: 'available', deletedAt: null }, limit: 12 },
        });
        latencies.sort((a, b) => a - b);
        const row = {
          bench: 'browse',
          store: usesPostgres ? 'ferretdb+postgresql' : 'ferretdb+sqlite',
          path: ORIGIN ? 'origin' : 'dapr',
          tickets: size,
          query: name,
          route,
          requests: r,
          p50ms: pct(latencies, 50),
          p95ms: pct(latencies, 95),
          p99ms: pct(latencies, 99),
          rowsExaminedPerRequest: rowsPerRequest,
          // The read model's own count (tickets looked at in memory), when it answers.
          readModelExaminedP99: inMemory ? inMemory.p99ms : null,
          ticketsRestartSeconds: restartSeconds,
          filterPushdown: explain.filterPushdown ?? null,
          sortPushdown: explain.sortPushdown ?? null,
          items,
          total,
        };
        results.push(row);
        process.stdout.write(JSON.stringify(row) + '\n');
      }
    }
  } finally {
    await pg?.end();
    await conn.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
