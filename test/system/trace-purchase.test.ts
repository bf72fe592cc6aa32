import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '@ticketing/runner';
import { ensureWebBuild } from '../../web/scripts/ensure-build';
import { eventually } from './support/stack-helpers';

jest.setTimeout(420_000);

/**
 * One purchase, as a browser would make it through the public origin, tied into one trace by
 * the client's `traceparent`; the sidecars export their spans to the stack's Jaeger, and the
 * trace is read back from Jaeger's query API.
 */
const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'web'];
// Long enough to pay on a busy machine; short enough to watch the second hold lapse.
const WINDOW_SECONDS = 60;

interface JaegerTrace {
  traceID: string;
  spans: { spanID: string; operationName: string; processID: string; references: unknown[] }[];
  processes: Record<string, { serviceName: string }>;
}

describe('a purchase traced across sidecars', () => {
  let stack: Stack;
  let origin: string;
  let jaeger: string;

  beforeAll(async () => {
    await ensureWebBuild({ log: () => {} });
    stack = await startStack({
      ports: 'free',
      only: SERVICES,
      env: { LOG_LEVEL: 'info', EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS) },
      timeoutMs: 180_000,
    });
    origin = stack.appUrl('web');
    jaeger = `http://127.0.0.1:${stack.service('jaeger').ports.ui}`;
    // A first run builds the web app; on a loaded 2-core machine the whole start took > 7 min.
  }, 900_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const newTrace = () => randomBytes(16).toString('hex');
  const traceparent = (traceId: string) => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

  async function api(
    method: string,
    url: string,
    init: { body?: unknown; token?: string; trace?: string } = {},
  ) {
    const res = await fetch(`${origin}${url}`, {
      method,
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.trace ? { traceparent: traceparent(init.trace) } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
    };
  }

  async function signUp(tag: string) {
    const email = `${tag}-${randomUUID().slice(0, 8)}@example.com`;
    const res = await api('POST', '/api/users/signup', {
      body: { email, password: 'correct horse battery' },
    });
    expect(res.status).toBe(201);
    return { id: (res.body.user as { id: string }).id, token: res.body.token as string };
  }

  async function readTrace(traceId: string, wanted: string[]): Promise<JaegerTrace> {
    return eventually(async () => {
      const res = await fetch(`${jaeger}/api/traces/${traceId}`);
      if (res.status !== 200) return undefined;
      const trace = ((await res.json()) as { data: JaegerTrace[] }).data[0];
      if (!trace) return undefined;
      const services = new Set(Object.values(trace.processes).map((p) => p.serviceName));
      return wanted.every((s) => services.has(s)) ? trace : undefined;
    }, 60_000);
  }

  const servicesOf = (t: JaegerTrace) =>
    [...new Set(t.spans.map((s) => t.processes[s.processID]!.serviceName))].sort();

  async function listAndOrder(
    seller: { token: string },
    buyer: { token: string },
    traceId: string,
  ) {
    const listed = await api('POST', '/api/tickets', {
      token: seller.token,
      body: {
        title: `Traced ${randomUUID().slice(0, 6)}`,
        category: 'concert',
        venue: 'Arena',
        startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        price: 2500,
      },
    });
    expect(listed.status).toBe(201);
    const ticketId = (listed.body.tickets as { id: string }[])[0]!.id;
    // Orders learns of the ticket by event; until then the order answers 404.
    const order = await eventually(async () => {
      const res = await api('POST', '/api/orders', {
        token: buyer.token,
        body: { ticketId },
        trace: traceId,
      });
      return res.status === 404 ? undefined : res;
    }, 60_000);
    expect(order.status).toBe(201);
    return { ticketId, orderId: order.body.id as string };
  }

  it('when a buyer orders and pays with one traceparent, then Jaeger holds one trace across web, orders, tickets, payments and expiration, and the logs name it', async () => {
    const seller = await signUp('seller');
    const buyer = await signUp('buyer');
    const traceId = newTrace();
    const { orderId } = await listAndOrder(seller, buyer, traceId);

    const paid = await eventually(async () => {
      const res = await api('POST', '/api/payments', {
        token: buyer.token,
        body: { orderId, paymentMethod: 'pm_card_visa' },
        trace: traceId,
      });
      return res.status === 404 ? undefined : res;
    }, 60_000);
    expect(paid.status).toBe(201);
    expect(paid.headers.get('x-trace-id')).toBe(traceId);
    await eventually(async () => {
      const res = await api('GET', `/api/orders/${orderId}`, { token: buyer.token });
      return res.body.status === 'complete' ? true : undefined;
    }, 60_000);

    const trace = await readTrace(traceId, ['web', 'orders', 'tickets', 'payments', 'expiration']);
    expect(trace.traceID).toBe(traceId);
    expect(servicesOf(trace)).toEqual(
      expect.arrayContaining(['web', 'orders', 'tickets', 'payments', 'expiration']),
    );
    // Pub/sub deliveries are spans of this trace too, not roots of new ones.
    const ops = trace.spans.map((s) => s.operationName);
    expect(ops.some((op) => /order\.created/.test(op))).toBe(true);
    expect(ops.some((op) => /payment\.created/.test(op))).toBe(true);
    process.stdout.write(
      `traced purchase: ${trace.spans.length} spans across ${servicesOf(trace).join(', ')}\n`,
    );

    // The apps' log lines of this purchase carry its trace id.
    for (const app of ['orders', 'payments', 'tickets']) {
      const log = readFileSync(path.join(stack.opts.dataDir, 'logs', `${app}.log`), 'utf8');
      expect(log).toContain(`"traceId":"${traceId}"`);
    }
  });

  it('when a hold lapses, then its expiry continues the trace of the order', async () => {
    const seller = await signUp('seller');
    const buyer = await signUp('buyer');
    const traceId = newTrace();
    const { orderId } = await listAndOrder(seller, buyer, traceId);
    await eventually(
      async () => {
        const res = await api('GET', `/api/orders/${orderId}`, { token: buyer.token });
        return res.body.status === 'cancelled' ? true : undefined;
      },
      (WINDOW_SECONDS + 60) * 1000,
    );

    const trace = await eventually(async () => {
      const t = await readTrace(traceId, ['web', 'orders', 'expiration']);
      const ops = t.spans.map((s) => s.operationName);
      return ops.some((op) => /expiration\.complete/.test(op)) ? t : undefined;
    }, 60_000);
    expect(servicesOf(trace)).toEqual(expect.arrayContaining(['web', 'orders', 'expiration']));
    process.stdout.write(`traced lapsed hold: ${trace.spans.length} spans\n`);
  });
});
