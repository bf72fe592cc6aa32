/**
 * Time to first byte of the browse page with many tickets listed, through the public origin:
 *   npx tsx test/browser/support/browse-ttfb.ts [--tickets 1000] [--requests 100]
 * Starts its own stack on free ports, lists the tickets through /api/tickets, then times GET /
 * (anonymous and signed in, plain and searched) and GET /api/tickets, one request at a time.
 */
import http from 'node:http';
import { startStack } from '@ticketing/runner';
import { ensureWebBuild } from '../../../web/scripts/ensure-build';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TICKETS = arg('tickets', 1000);
const REQUESTS = arg('requests', 100);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET; resolves with ms to the first body byte and ms to the end. */
function timeGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ttfb: number; total: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const req = http.get(url, { agent, headers }, (res) => {
      let ttfb = -1;
      res.on('data', () => {
        if (ttfb < 0) ttfb = ms();
      });
      res.on('end', () => resolve({ ttfb, total: ms(), status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(label: string, url: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 5; i++) await timeGet(url, headers); // warm up
  const ttfb: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const r = await timeGet(url, headers);
    if (r.status !== 200) throw new Error(`${label}: status ${r.status}`);
    ttfb.push(r.ttfb);
    total.push(r.total);
  }
  ttfb.sort((a, b) => a - b);
  total.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  process.stdout.write(
    `${label.padEnd(44)} ttfb p50 ${f(pct(ttfb, 50))} p95 ${f(pct(ttfb, 95))} ms   total p50 ${f(pct(total, 50))} ms\n`,
  );
}

async function main() {
  await ensureWebBuild();
  const stack = await startStack({ ports: 'free' });
  try {
    const web = stack.appUrl('web');
    const signup = await fetch(`${web}/api/users/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `ttfb-${Date.now()}@example.com`,
        password: 'correct horse battery',
      }),
    });
    const { token } = (await signup.json()) as { token: string };
    const cookie = `session=${token}`;
    const started = Date.now();
    const titles = [
      'Symphony No. 9',
      'Cup Final',
      'Hamlet',
      'Jazz Night',
      'Swan Lake',
      'Film Festival',
    ];
    for (let left = TICKETS, i = 0; left > 0; left -= 100, i++) {
      const res = await fetch(`${web}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          title: `${titles[i % titles.length]} ${i}`,
          category: ['concert', 'sports', 'theatre', 'concert', 'opera', 'movie'][i % 6],
          venue: `Venue ${i % 4}`,
          startsAt: new Date(Date.now() + (i + 2) * 24 * 3600_000).toISOString(),
          price: 1500 + i * 250,
          quantity: Math.min(100, left),
        }),
      });
      if (res.status !== 201) throw new Error(`listing: ${res.status} ${await res.text()}`);
    }
    const listed = (await (await fetch(`${web}/api/tickets?limit=1`)).json()) as { total: number };
    process.stdout.write(`listed ${listed.total} tickets in ${Date.now() - started} ms\n`);
    // Let the ticket.created events settle (orders replicates each one) before timing.
    await new Promise((r) => setTimeout(r, 15_000));
    process.stdout.write(`${REQUESTS} sequential requests each:\n`);

    await measure('GET / (anonymous)', `${web}/`);
    await measure('GET / (signed in)', `${web}/`, { cookie });
    await measure('GET /?q=hamlet&sort=price (anonymous)', `${web}/?q=hamlet&sort=price`);
    await measure('GET /?page=40 (anonymous)', `${web}/?page=40`);
    await measure('GET /api/tickets?limit=12 (public origin)', `${web}/api/tickets?limit=12`);
    await measure(
      'GET /api/tickets?limit=12 (tickets sidecar)',
      `${stack.daprUrl('tickets')}/v1.0/invoke/tickets/method/api/tickets?limit=12`,
      { 'dapr-api-token': stack.daprApiToken },
    );
    await measure('GET / (anonymous, again)', `${web}/`);
  } finally {
    agent.destroy();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
