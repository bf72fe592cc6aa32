/**
 * Comments: `GET /api/comments` (a listing's newest page, a deep page, a quiet listing) and
 * `GET /api/comments/counts` (50 listings at once, as an event page asks), p50/p95/p99 of
 * sequential requests; then `POST /api/comments` with the rate limit on, which reads and writes
 * the user's counts in the `appstate` store through the sidecar on every post.
 *
 *   npx tsx bench/comments.ts [--comments 10000] [--listings 500] [--requests 200] [--origin]
 *
 * The comments are written straight into the comments database (one listing holds 1,000 of
 * them, the rest spread over the others), in the shape the service stores.
 */
import mongoose from 'mongoose';
import { startStack } from '@ticketing/runner';
import { LOAD_LIMITS } from '@ticketing/testkit';
import { arg, buyers, call, flag, pct, say } from './support/stack';

const COMMENTS = arg('comments', 10_000);
const LISTINGS = arg('listings', 500);
const REQUESTS = arg('requests', 200);
const HOT = 1_000;
const ORIGIN = flag('origin');

const newId = () => new mongoose.Types.ObjectId().toHexString();

async function main() {
  say(`comments: ${COMMENTS} comments on ${LISTINGS} listings, ${REQUESTS} requests per query`);
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
  try {
    const listings = Array.from({ length: LISTINGS }, () => newId());
    const [hot, quiet] = [listings[0]!, listings[1]!];
    await conn.db!.collection<{ _id: string }>('tickets').insertMany(
      listings.map((id) => ({
        _id: id,
        sellerId: newId(),
        eventId: null,
        version: 0,
        deleted: false,
      })),
    );
    const now = Date.now();
    const seeded = performance.now();
    for (let from = 0; from < COMMENTS; from += 2000) {
      const docs = Array.from({ length: Math.min(2000, COMMENTS - from) }, (_, k) => {
        const i = from + k;
        // The first HOT comments are on one listing; the quiet listing gets none of the rest.
        const ticketId = i < HOT ? hot : listings[2 + (i % (LISTINGS - 2))]!;
        return {
          _id: newId(),
          ticketId,
          eventId: null,
          authorId: newId(),
          authorName: `fan${i}`,
          text: `Comment number ${i}: is the view from this seat any good?`,
          createdAt: new Date(now - (COMMENTS - i) * 1000),
          editedAt: null,
          hidden: false,
        };
      });
      await conn.db!.collection<{ _id: string }>('comments').insertMany(docs, { ordered: false });
    }
    say(`comments: stored in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const queries: Record<string, string> = {
      [`listing with ${HOT} comments, newest 20`]: `/api/comments?ticketId=${hot}&limit=20`,
      [`listing with ${HOT} comments, page 25`]: `/api/comments?ticketId=${hot}&limit=20&page=25`,
      'listing with none': `/api/comments?ticketId=${quiet}&limit=20`,
      'counts of 50 listings': `/api/comments/counts?ticketIds=${listings.slice(0, 50).join(',')}`,
    };
    for (const [name, route] of Object.entries(queries)) {
      for (let w = 0; w < 5; w++) await call(`${base}${route}`, 'GET', headers);
      const latencies: number[] = [];
      let body: unknown;
      for (let r = 0; r < REQUESTS; r++) {
        const t0 = performance.now();
        const res = await call(`${base}${route}`, 'GET', headers);
        latencies.push(performance.now() - t0);
        if (res.status !== 200)
          throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
        body = res.body;
      }
      latencies.sort((a, b) => a - b);
      const b = body as { total?: number; items?: unknown[] };
      const row = {
        bench: 'comments',
        path: ORIGIN ? 'origin' : 'dapr',
        comments: COMMENTS,
        query: name,
        requests: REQUESTS,
        p50ms: pct(latencies, 50),
        p95ms: pct(latencies, 95),
        p99ms: pct(latencies, 99),
        ...(b.items ? { items: b.items.length, total: b.total } : {}),
      };
      process.stdout.write(JSON.stringify(row) + '\n');
    }

    // Posting: each post checks the listing, then takes a slot in the user's counts (a read and
    // an ETag write through the sidecar's state API), then inserts.
    const users = buyers(stack, 20);
    const latencies: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      const user = users[r % users.length]!;
      const t0 = performance.now();
      const res = await call(
        `${base}/api/comments`,
        'POST',
        { ...headers, ...user.auth },
        {
          ticketId: quiet,
          text: `Posted by the bench, ${r}`,
        },
      );
      latencies.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`POST: ${res.status} ${JSON.stringify(res.body)}`);
    }
    latencies.sort((a, b) => a - b);
    process.stdout.write(
      JSON.stringify({
        bench: 'comments',
        path: ORIGIN ? 'origin' : 'dapr',
        comments: COMMENTS,
        query: 'POST a comment (rate limit through the state store)',
        requests: REQUESTS,
        p50ms: pct(latencies, 50),
        p95ms: pct(latencies, 95),
        p99ms: pct(latencies, 99),
      }) + '\n',
    );
  } finally {
    await conn.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
