/**
 * What the benches share: a stack of their own on free ports, JSON calls, percentiles, sellers
 * and buyers, listing tickets and waiting for orders to know them, and the services' own
 * operation counters (GET /debug/ops) summed across services.
 */
import { randomBytes } from 'node:crypto';
import { signToken } from '@ticketing/common';
import { LOAD_LIMITS } from '@ticketing/testkit';
import { startStack, type Stack } from '@ticketing/runner';
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 30_000 }));

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
export const flag = (name: string): boolean => process.argv.includes(`--${name}`);

export const pct = (sorted: number[], p: number): number =>
  Number(
    (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1),
  );

export const say = (line: string): void => {
  process.stderr.write(line + '\n');
};

export interface Reply {
  status: number;
  // The benches read a few known fields of the services' JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

export const APPS = ['auth', 'tickets', 'orders', 'payments', 'expiration'] as const;

/** A stack with every app (or `only` them), request logs off. */
export async function benchStack(opts: { withWeb?: boolean; env?: Record<string, string> } = {}) {
  return startStack({
    ports: 'free',
    only: [...APPS, ...(opts.withWeb ? ['web'] : [])],
    // At thousands of requests a second, request logs cost more than the work.
    // The load comes from one address and few accounts: the real limits would refuse it.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...LOAD_LIMITS, ...opts.env },
  });
}

/** How a bench reaches an app's API: through the app's sidecar, the app itself, or the origin. */
export type Path = 'dapr' | 'direct' | 'origin';

export function apiUrl(stack: Stack, path: Path, app: string, route: string): string {
  if (path === 'origin') return `${stack.appUrl('web')}${route}`;
  if (path === 'direct') return `${stack.appUrl(app)}${route}`;
  return `${stack.daprUrl(app)}/v1.0/invoke/${app}/method${route}`;
}

export function pathHeaders(stack: Stack, path: Path): Record<string, string> {
  if (path === 'origin') return {};
  return { 'dapr-api-token': path === 'dapr' ? stack.daprApiToken : stack.appApiToken };
}

export async function signUpSeller(stack: Stack): Promise<Record<string, string>> {
  const r = await call(
    `${stack.daprUrl('auth')}/v1.0/invoke/auth/method/api/users/signup`,
    'POST',
    { 'dapr-api-token': stack.daprApiToken },
    {
      email: `seller-${randomBytes(4).toString('hex')}@bench.test`,
      password: 'correct horse battery',
    },
  );
  if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { authorization: `Bearer ${r.body.token}` };
}

export function buyers(stack: Stack, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const id = randomBytes(12).toString('hex');
    return {
      id,
      auth: {
        authorization: `Bearer ${signToken({ id, email: `b${i}@bench.test` }, stack.secret('jwt'), 3600)}`,
      },
    };
  });
}
export type Buyer = ReturnType<typeof buyers>[number];

/** Lists `n` tickets of one event through the tickets sidecar, 100 per request. */
export async function listTickets(
  stack: Stack,
  sellerAuth: Record<string, string>,
  n: number,
  inFlight = 4,
): Promise<string[]> {
  const startsAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  const title = `Flash ${randomBytes(3).toString('hex')}`;
  const batches = Array.from({ length: Math.ceil(n / 100) }, (_, i) => Math.min(100, n - i * 100));
  const ids: string[][] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let b = next++; b < batches.length; b = next++) {
        const res = await call(
          `${stack.daprUrl('tickets')}/v1.0/invoke/tickets/method/api/tickets`,
          'POST',
          { ...sellerAuth, 'dapr-api-token': stack.daprApiToken },
          {
            title,
            category: 'concert',
            venue: 'Stadium',
            startsAt,
            price: 5000,
            quantity: batches[b],
          },
        );
        if (res.status !== 201)
          throw new Error(`listing failed: ${res.status} ${JSON.stringify(res.body)}`);
        ids[b] = res.body.tickets.map((t: { id: string }) => t.id);
      }
    }),
  );
  return ids.flat();
}

/** Waits until orders holds every ticket: the seller's own order is refused (400), not 404. */
export async function awaitReplicas(
  stack: Stack,
  ids: string[],
  sellerAuth: Record<string, string>,
) {
  const url = `${stack.daprUrl('orders')}/v1.0/invoke/orders/method/api/orders`;
  const headers = { ...sellerAuth, 'dapr-api-token': stack.daprApiToken };
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < ids.length; i = next++) {
        for (;;) {
          const r = await call(url, 'POST', headers, { ticketId: ids[i] });
          if (r.status === 400) break;
          await new Promise((res) => setTimeout(res, 50));
        }
      }
    }),
  );
}

export interface OpsSnapshot {
  dbWrites: number;
  events: number;
  sidecarWrites: number;
  writes: Record<string, number>;
  published: Record<string, number>;
  sidecar: Record<string, number>;
  timings: Record<
    string,
    { count: number; p50ms: number; p95ms: number; p99ms: number; maxms: number }
  >;
}

async function opsOf(stack: Stack, app: string, method: 'GET' | 'DELETE'): Promise<Reply> {
  return call(`${stack.appUrl(app)}/debug/ops`, method, { 'dapr-api-token': stack.appApiToken });
}

export async function resetOps(stack: Stack, apps: readonly string[] = APPS): Promise<void> {
  await Promise.all(apps.map((a) => opsOf(stack, a, 'DELETE')));
}

export async function readOps(
  stack: Stack,
  apps: readonly string[] = APPS,
): Promise<Record<string, OpsSnapshot>> {
  const all = await Promise.all(apps.map(async (a) => [a, (await opsOf(stack, a, 'GET')).body]));
  return Object.fromEntries(all) as Record<string, OpsSnapshot>;
}

const total = (ops: Record<string, OpsSnapshot>) =>
  Object.values(ops).reduce((n, o) => n + o.dbWrites + o.events + o.sidecarWrites, 0);

/** Reads the counters until they stop moving for `quietMs` (relays and consumers done). */
export async function settledOps(
  stack: Stack,
  apps: readonly string[] = APPS,
  quietMs = 3000,
  timeoutMs = 180_000,
): Promise<Record<string, OpsSnapshot>> {
  const until = Date.now() + timeoutMs;
  let last = await readOps(stack, apps);
  let stableSince = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await readOps(stack, apps);
    if (total(now) !== total(last)) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) return now;
  }
  return last;
}

/** The per-hold cost, summed across services, with each service's share. */
export function costPerHold(ops: Record<string, OpsSnapshot>, holds: number) {
  const per = (n: number) => (holds ? Number((n / holds).toFixed(2)) : 0);
  const byService = Object.fromEntries(
    Object.entries(ops).map(([app, o]) => [
      app,
      {
        dbWrites: per(o.dbWrites),
        events: per(o.events),
        sidecarWrites: per(o.sidecarWrites),
        writes: Object.fromEntries(Object.entries(o.writes).map(([k, v]) => [k, per(v)])),
        published: Object.fromEntries(Object.entries(o.published).map(([k, v]) => [k, per(v)])),
      },
    ]),
  );
  const sum = (f: (o: OpsSnapshot) => number) => Object.values(ops).reduce((n, o) => n + f(o), 0);
  return {
    dbWritesPerHold: per(sum((o) => o.dbWrites)),
    eventsPerHold: per(sum((o) => o.events)),
    sidecarWritesPerHold: per(sum((o) => o.sidecarWrites)),
    writesAndEventsPerHold: per(total(ops)),
    byService,
  };
}

export type { Stack };
