/**
 * The event page: time to first byte with 1,000 events and 10,000 tickets.
 *
 *   npx tsx bench/events-page.ts [--events 1000] [--tickets 10000] [--requests 200]
 *
 * The tickets are written straight into the tickets database as tickets listed before events
 * existed (no eventId), ten per event, 80 % on sale, the rest reserved or sold. Restarting the
 * tickets service then runs the start-up migration, which groups them into their events: its
 * time is printed too. Then, one request at a time over randomly picked events, it times the
 * page through the public origin (`GET /events/:id`, server-rendered), the API behind it
 * through the origin and through the tickets sidecar, and the events browse page and API.
 * Prints one JSON line per measurement on stdout, progress on stderr.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { startStack } from '@ticketing/runner';
import { LOAD_LIMITS } from '@ticketing/testkit';
import { ensureWebBuild } from '../web/scripts/ensure-build';
import { arg, pct, say } from './support/stack';

const EVENTS = arg('events', 1000);
const TICKETS = arg('tickets', 10_000);
const REQUESTS = arg('requests', 200);
const CATEGORIES = ['movie', 'concert', 'opera', 'sports', 'theatre', 'other'];

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET; ms to the first body byte and to the end. */
function timeGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ ttfb: number; total: number; status: number; body: string }>(
    (resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
      const req = http.get(url, { agent, headers }, (res) => {
        let ttfb = -1;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (ttfb < 0) ttfb = ms();
          chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            ttfb,
            total: ms(),
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
      req.on('error', reject);
    },
  );
}

function oldTickets(sellerId: string) {
  const now = Date.now();
  return Array.from({ length: TICKETS }, (_, i) => {
    const e = i % EVENTS;
    const title = `Event ${e}`;
    const venue = `Venue ${e % 37}`;
    const startsAt = new Date(now + 86_400_000 + ((e * 7919) % (90 * 24 * 60)) * 60_000);
    const status = i % 10 < 8 ? 'available' : i % 10 === 8 ? 'reserved' : 'sold';
    return {
      _id: new mongoose.Types.ObjectId(),
      title,
      category: CATEGORIES[e % CATEGORIES.length],
      venue,
      startsAt,
      price: 1000 + ((i * 104_729) % 20_000),
      currency: 'usd',
      sellerId,
      status,
      orderId: status === 'available' ? null : randomBytes(12).toString('hex'),
      holderId: status === 'sold' ? randomBytes(12).toString('hex') : null,
      version: status === 'available' ? 0 : 1,
      eventKey: `${title.toLowerCase()}|${venue.toLowerCase()}|${startsAt.toISOString()}`,
      deletedAt: null,
      outbox: [],
      createdAt: new Date(now),
    };
  });
}

async function main() {
  say(`events-page: ${EVENTS} events, ${TICKETS} tickets, ${REQUESTS} requests per route`);
  await ensureWebBuild();
  const stack = await startStack({
    ports: 'free',
    only: ['tickets', 'web'],
    // The restart below migrates every ticket before the service answers its health check.
    timeoutMs: 900_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...LOAD_LIMITS },
  });
  const conn = await mongoose
    .createConnection(`mongodb://127.0.0.1:${stack.service('ferretdb').port}/tickets`)
    .asPromise();
  try {
    const docs = oldTickets(randomBytes(12).toString('hex'));
    for (let i = 0; i < docs.length; i += 2000)
      await conn.db!.collection('tickets').insertMany(docs.slice(i, i + 2000), { ordered: false });
    say(`events-page: ${docs.length} tickets stored; restarting tickets (migration runs)`);
    const t0 = performance.now();
    await stack.stopService('tickets');
    await stack.startService('tickets');
    const restartSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    const events = await conn.db!.collection('events').countDocuments();
    process.stdout.write(
      JSON.stringify({
        bench: 'events-page',
        what: 'migration at start (tickets restart, to healthy)',
        tickets: TICKETS,
        eventsCreated: events,
        seconds: restartSeconds,
      }) + '\n',
    );

    const web = stack.appUrl('web');
    const sidecar = `${stack.daprUrl('tickets')}/v1.0/invoke/tickets/method`;
    const token = { 'dapr-api-token': stack.daprApiToken };
    const ids: string[] = [];
    for (let page = 1; ids.length < events; page++) {
      const r = await timeGet(`${sidecar}/api/events?limit=100&page=${page}`, token);
      const items = (JSON.parse(r.body) as { items: { id: string }[] }).items;
      if (items.length === 0) break;
      ids.push(...items.map((e) => e.id));
    }
    say(`events-page: ${ids.length} upcoming events`);
    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;

    const routes: [string, () => string, Record<string, string>][] = [
      ['GET /events/:id (page, public origin)', () => `${web}/events/${pick()}`, {}],
      ['GET /api/events/:id (public origin)', () => `${web}/api/events/${pick()}`, {}],
      ['GET /api/events/:id (tickets sidecar)', () => `${sidecar}/api/events/${pick()}`, token],
      ['GET / (events browse page, public origin)', () => `${web}/`, {}],
      ['GET /api/events?limit=12 (tickets sidecar)', () => `${sidecar}/api/events?limit=12`, token],
    ];
    for (const [label, url, headers] of routes) {
      for (let w = 0; w < 10; w++) await timeGet(url(), headers);
      const ttfb: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const r = await timeGet(url(), headers);
        if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.body.slice(0, 200)}`);
        ttfb.push(r.ttfb);
        total.push(r.total);
      }
      ttfb.sort((a, b) => a - b);
      total.sort((a, b) => a - b);
      process.stdout.write(
        JSON.stringify({
          bench: 'events-page',
          route: label,
          events: ids.length,
          tickets: TICKETS,
          requests: REQUESTS,
          ttfbP50ms: pct(ttfb, 50),
          ttfbP95ms: pct(ttfb, 95),
          ttfbP99ms: pct(ttfb, 99),
          totalP50ms: pct(total, 50),
        }) + '\n',
      );
    }
  } finally {
    agent.destroy();
    await conn.close();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
