/**
 * Comments' read path at two sizes: `GET /api/comments` (a busy listing's newest page, a deep
 * page, a quiet listing, an event's own thread) and `GET /api/comments/counts` (50 listings at
 * once, and by eventId as the event page asks), p50/p95/p99 of sequential requests, one JSON line
 * per query and size; then `POST /api/comments` with the rate limit on.
 *
 *   npx tsx bench/comments.ts [--sizes 1000,10000] [--listings 500] [--requests 200]
 *                             [--budget-seconds 60] [--origin]
 *
 * At each size the comments app is stopped, the comments are written straight into its database
 * in the shape a version without threads stored (10 % on one busy listing, the rest spread over
 * the listings of 10 events, a few on the first event itself), and the app is started again:
 * its start lists them in their threads (decision 017), and that start is timed
 * (`startSeconds`). A query stops after --requests or --budget-seconds, whichever comes first.
 */
import mongoose from 'mongoose';
import { startStack } from '@ticketing/runner';
import { LOAD_LIMITS } from '@ticketing/testkit';
import { arg, buyers, call, flag, pct, say } from './support/stack';

const SIZES = (
  process.argv.includes('--sizes')
    ? process.argv[process.argv.indexOf('--sizes') + 1]!
    : '1000,10000'
)
  .split(',')
  .map(Number);
const LISTINGS = arg('listings', 500);
const REQUESTS = arg('requests', 200);
const BUDGET_MS = arg('budget-seconds', 60) * 1000;
const EVENTS = 10;
const ORIGIN = flag('origin');

const newId = () => new mongoose.Types.ObjectId().toHexString();

async function main() {
  say(
    `comments: sizes ${SIZES.join(', ')} on ${LISTINGS} listings, ${REQUESTS} requests per query`,
  );
  const stack = await startStack({
    ports: 'free',
    only: ['comments', ...(ORIGIN ? ['web'] : [])],
    env: {
      ...LOAD_LIMITS,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      COMMENTS_RATE_LIMIT: '10000',
      COMMENTS_RATE_WINDOW_SECONDS: '60',
    },
  });
  const conn = await mongoose
    .createConnection(`mongodb://127.0.0.1:${stack.service('ferretdb').port}/comments`)
    .asPromise();
  const base = ORIGIN
    ? stack.appUrl('web')
    : `${stack.daprUrl('comments')}/v1.0/invoke/comments/method`;
  const headers: Record<string, string> = ORIGIN ? {} : { 'dapr-api-token': stack.daprApiToken };
  const out = (row: Record<string, unknown>) =>
    process.stdout.write(
      JSON.stringify({ bench: 'comments', path: ORIGIN ? 'origin' : 'dapr', ...row }) + '\n',
    );
  try {
    const events = Array.from({ length: EVENTS }, () => newId());
    const listings = Array.from({ length: LISTINGS }, () => newId());
    const eventOf = (i: number) => events[i % EVENTS]!;
    const [hot, quiet] = [listings[0]!, listings[1]!];
    await conn
      .db!.collection<{ _id: string }>('events')
      .insertMany(events.map((id) => ({ _id: id, cancelled: false, version: 0 })));
    await conn.db!.collection<{ _id: string }>('tickets').insertMany(
      listings.map((id, i) => ({
        _id: id,
        sellerId: newId(),
        eventId: eventOf(i),
        version: 0,
        deleted: false,
      })),
    );

    let stored = 0;
    for (const size of SIZES) {
      await stack.stopService('comments');
      const seeded = performance.now();
      const now = Date.now();
      for (let from = stored; from < size; from += 2000) {
        const docs = Array.from({ length: Math.min(2000, size - from) }, (_, k) => {
          const i = from + k;
          // Every tenth comment is on the busy listing, every 97th on the first event itself;
          // the quiet listing gets none.
          const onEvent = i % 97 === 0;
          const l = i % 10 === 0 ? 0 : 2 + (i % (LISTINGS - 2));
          return {
            _id: newId(),
            ticketId: onEvent ? null : listings[l]!,
            eventId: onEvent ? events[0]! : eventOf(l),
            authorId: newId(),
            authorName: `fan${i}`,
            text: `Comment number ${i}: is the view from this seat any good?`,
            createdAt: new Date(now - (size - i) * 1000),
            editedAt: null,
            hidden: false,
          };
        });
        await conn.db!.collection<{ _id: string }>('comments').insertMany(docs, { ordered: false });
      }
      stored = size;
      say(`comments: ${size} stored in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
      const started = performance.now();
      await stack.startService('comments');
      const startSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
      say(`comments: started (lists what it finds) in ${startSeconds} s`);
      out({ comments: size, query: 'start with unlisted comments', startSeconds });

      const queries: Record<string, string> = {
        'busy listing, newest 20': `/api/comments?ticketId=${hot}&limit=20`,
        'busy listing, page 25': `/api/comments?ticketId=${hot}&limit=20&page=25`,
        'listing with none': `/api/comments?ticketId=${quiet}&limit=20`,
        "event's own thread, newest 20": `/api/comments?eventId=${events[0]}&limit=20`,
        'counts of 50 listings': `/api/comments/counts?ticketIds=${listings.slice(0, 50).join(',')}`,
        'counts of an event': `/api/comments/counts?eventId=${events[0]}`,
      };
      for (const [name, route] of Object.entries(queries)) {
        for (let w = 0; w < 3; w++) await call(`${base}${route}`, 'GET', headers);
        const latencies: number[] = [];
        let body: unknown;
        const deadline = Date.now() + BUDGET_MS;
        for (let r = 0; r < REQUESTS && Date.now() < deadline; r++) {
          const t0 = performance.now();
          const res = await call(`${base}${route}`, 'GET', headers);
          latencies.push(performance.now() - t0);
          if (res.status !== 200)
            throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
          body = res.body;
        }
        latencies.sort((a, b) => a - b);
        const b = body as { total?: number; items?: unknown[]; event?: number };
        out({
          comments: size,
          query: name,
          requests: latencies.length,
          p50ms: pct(latencies, 50),
          p95ms: pct(latencies, 95),
          p99ms: pct(latencies, 99),
          ...(b.items ? { items: b.items.length, total: b.total } : {}),
          ...(b.event !== undefined ? { eventCount: b.event } : {}),
        });
      }
    }

    // Posting: each post checks the listing, takes a slot in the user's counts (a read and an
    // ETag write through the sidecar's state API), then stores and lists the comment.
    const users = buyers(stack, 20);
    const latencies: number[] = [];
    const deadline = Date.now() + BUDGET_MS;
    for (let r = 0; r < REQUESTS && Date.now() < deadline; r++) {
      const user = users[r % users.length]!;
      const t0 = performance.now();
      const res = await call(
        `${base}/api/comments`,
        'POST',
        { ...headers, ...user.auth },
        { ticketId: quiet, text: `Posted by the bench, ${r}` },
      );
      latencies.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`POST: ${res.status} ${JSON.stringify(res.body)}`);
    }
    latencies.sort((a, b) => a - b);
    out({
      comments: stored,
      query: 'POST a comment (rate limit through the state store)',
      requests: latencies.length,
      p50ms: pct(latencies, 50),
      p95ms: pct(latencies, 95),
      p99ms: pct(latencies, 99),
    });
  } finally {
    await conn.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
