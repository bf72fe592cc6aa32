/**
 * The platform as operators run it: `docker compose up -d --wait` with the real images, daprd
 * sidecars, broker, placement and scheduler, then a buyer's journey through the published web
 * origin only (http://127.0.0.1:<port>), then `docker compose down -v` leaving nothing behind.
 * Once per broker profile. Run by `npm run test:compose` (scripts/compose/test-compose.sh),
 * which first makes sure Docker, the compose plugin and the images are there.
 */
import { randomBytes } from 'node:crypto';
import * as journey from '../support/journey';
import {
  composeProject,
  leftovers,
  memoryMiB,
  writeReport,
  type ComposeProject,
} from './support/compose';

jest.setTimeout(420_000);

const PROFILES = (process.env.COMPOSE_TEST_PROFILES ?? 'nats,redis').split(',');
/** Short holds, so the expiry journey takes seconds; long enough to pay comfortably. */
const WINDOW_SECONDS = 12;
const MONGO_IMAGE = process.env.MONGO_IMAGE ?? 'mongo:7';

/** The shared journey helpers (test/support/journey.ts), bound to this project's origin. */
const call = (
  p: ComposeProject,
  method: string,
  path: string,
  opts: Parameters<typeof journey.call>[3] = {},
) => journey.call(p.origin, method, path, opts);
const eventually = journey.eventually;
const signUp = (p: ComposeProject, prefix: string) => journey.signUp(p.origin, prefix);
const listTicket = (p: ComposeProject, token: string) =>
  journey.listTicket(p.origin, token, 'Compose');
const orderWhenKnown = (p: ComposeProject, token: string, ticketId: string, traceId?: string) =>
  journey.orderWhenKnown(p.origin, token, ticketId, traceId);
const ticket = (p: ComposeProject, id: string, token?: string) =>
  journey.ticket(p.origin, id, token);

interface JaegerTrace {
  traceID: string;
  spans: { processID: string }[];
  processes: Record<string, { serviceName: string }>;
}
const servicesOf = (t: JaegerTrace) =>
  [...new Set(t.spans.map((s) => t.processes[s.processID]!.serviceName))].sort();

interface MailpitSummary {
  ID: string;
  Subject: string;
  To: { Address: string }[];
  /** When Mailpit received it. */
  Created: string;
}

describe.each(PROFILES)('docker compose with the %s profile', (profile) => {
  let p: ComposeProject;
  let up = false;
  const report: Record<string, unknown> = { profile };
  /** The traced purchase, for the trace and mail checks after it. */
  let purchase: { traceId: string; buyerEmail: string; title: string; paidAt: number } | undefined;

  beforeAll(async () => {
    p = await composeProject(profile, {
      MONGO_IMAGE,
      EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });

  afterAll(async () => {
    if (!up) return;
    // A failed run leaves its logs for the CI artifacts, then goes like a passing one.
    const logs = await p.compose('logs', '--no-color', '--tail', '80');
    writeReport(`compose-${profile}.log.json`, { stdout: logs.stdout.split('\n') });
    await p.compose('down', '-v', '--remove-orphans', '--timeout', '10');
  });

  it('when `docker compose up -d --wait` runs, then every container is healthy and the origin answers', async () => {
    const started = Date.now();
    up = true;
    const res = await p.compose('up', '-d', '--wait', '--wait-timeout', '300', '--no-build');
    if (res.code !== 0) {
      const ps = await p.compose('ps', '-a');
      throw new Error(`compose up failed (${res.code}):\n${res.stderr}\n${ps.stdout}`);
    }
    report.upWaitSeconds = (Date.now() - started) / 1000;
    const home = await fetch(`${p.origin}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html');
    const health = await call(p, 'GET', '/api/healthz');
    expect(health.status).toBe(200);
  });

  it('when a buyer signs up, browses, orders and pays, then the order completes and the ticket is theirs', async () => {
    const seller = await signUp(p, 'seller');
    const buyer = await signUp(p, 'buyer');
    const ticketId = await listTicket(p, seller.token);
    const traceId = randomBytes(16).toString('hex');

    const listed = await eventually(async () => {
      const res = await call(p, 'GET', '/api/tickets?limit=100');
      const items = (res.body as { items?: { id: string }[] }).items ?? [];
      return items.some((t) => t.id === ticketId) ? true : undefined;
    });
    expect(listed).toBe(true);

    const order = await orderWhenKnown(p, buyer.token, ticketId, traceId);
    expect(order.status).toBe(201);
    const orderId = (order.body as { id: string }).id;

    const pay = await eventually(async () => {
      const res = await call(p, 'POST', '/api/payments', {
        token: buyer.token,
        body: { orderId, paymentMethod: 'pm_card_visa' },
        traceId,
      });
      return res.status === 404 ? undefined : res;
    });
    expect(pay.status).toBe(201);
    const title = (await call(p, 'GET', `/api/tickets/${ticketId}`)).body.title as string;
    purchase = { traceId, buyerEmail: buyer.email, title, paidAt: Date.now() };

    await eventually(async () => {
      const res = await call(p, 'GET', `/api/orders/${orderId}`, { token: buyer.token });
      return (res.body as { status?: string }).status === 'complete' ? true : undefined;
    });
    const sold = await eventually(async () => {
      const t = await ticket(p, ticketId, buyer.token);
      return t.status === 'sold' ? t : undefined;
    });
    expect(sold.holderId).toBe(buyer.id);
  });

  it('when the purchase is done, then Jaeger holds it as one trace across several services', async () => {
    expect(purchase).toBeDefined();
    const wanted = ['web', 'orders', 'payments', 'tickets'];
    const trace = await eventually(async () => {
      const res = await fetch(`${p.jaeger}/api/traces/${purchase!.traceId}`);
      if (res.status !== 200) return undefined;
      const found = ((await res.json()) as { data: JaegerTrace[] }).data[0];
      return found && wanted.every((s) => servicesOf(found).includes(s)) ? found : undefined;
    }, 60_000);
    expect(trace.traceID).toBe(purchase!.traceId);
    expect(servicesOf(trace)).toEqual(expect.arrayContaining(wanted));
    report.trace = { spans: trace.spans.length, services: servicesOf(trace) };
  });

  it('when the purchase is paid, then the receipt reaches the buyer in Mailpit', async () => {
    expect(purchase).toBeDefined();
    const query = encodeURIComponent(`to:"${purchase!.buyerEmail}"`);
    const receipt = await eventually(async () => {
      const res = await fetch(`${p.mailpit}/api/v1/search?query=${query}`);
      if (res.status !== 200) return undefined;
      const { messages } = (await res.json()) as { messages: MailpitSummary[] };
      return messages.find((m) => m.To.some((t) => t.Address === purchase!.buyerEmail));
    }, 60_000);
    // From the payment's answer to Mailpit's receipt of the mail (the order completes by event
    // in between); the containers share the host's clock.
    report.receiptMailSeconds = (Date.parse(receipt.Created) - purchase!.paidAt) / 1000;
    expect(receipt.Subject).toBe(`Your receipt: ${purchase!.title}`);
    // The mail viewer's page itself answers on its published port.
    const page = await fetch(`${p.mailpit}/`);
    expect(page.status).toBe(200);
  });

  it('when two buyers race for one ticket, then one gets it and the other a 409', async () => {
    const seller = await signUp(p, 'seller');
    const [a, b] = [await signUp(p, 'racer'), await signUp(p, 'racer')];
    const ticketId = await listTicket(p, seller.token);
    // Orders knows the ticket once the seller's own order is refused with 400 (404 before).
    await eventually(async () => {
      const res = await call(p, 'POST', '/api/orders', {
        token: seller.token,
        body: { ticketId },
      });
      return res.status === 400 ? true : undefined;
    });
    const results = await Promise.all(
      [a, b].map((u) => call(p, 'POST', '/api/orders', { token: u.token, body: { ticketId } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({
      errors: [expect.objectContaining({ message: expect.any(String) })],
    });
  });

  it('when an order is left unpaid past its window, then it is cancelled and its ticket is on sale again', async () => {
    const seller = await signUp(p, 'seller');
    const buyer = await signUp(p, 'buyer');
    const ticketId = await listTicket(p, seller.token);
    const order = await orderWhenKnown(p, buyer.token, ticketId);
    expect(order.status).toBe(201);
    const { id: orderId, expiresAt } = order.body as { id: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);

    await eventually(async () =>
      (await ticket(p, ticketId)).status === 'reserved' ? true : undefined,
    );
    await eventually(
      async () => ((await ticket(p, ticketId)).status === 'available' ? true : undefined),
      WINDOW_SECONDS * 1000 + 30_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    const after = await call(p, 'GET', `/api/orders/${orderId}`, { token: buyer.token });
    expect((after.body as { status: string }).status).toBe('cancelled');
  });

  it('when the stack has served the journeys, then its memory is measured', async () => {
    const mem = await memoryMiB(p.name);
    expect(Object.keys(mem).length).toBeGreaterThanOrEqual(10);
    report.memoryMiB = mem;
    report.totalMiB = Math.round(Object.values(mem).reduce((s, v) => s + v, 0));
    // What the trace and mail viewers add to the stack.
    expect(mem.jaeger).toBeGreaterThan(0);
    expect(mem.mailpit).toBeGreaterThan(0);
    report.viewersMiB = { jaeger: mem.jaeger, mailpit: mem.mailpit };
    writeReport(`compose-${profile}.json`, report);
    process.stdout.write(`compose ${profile}: ${JSON.stringify(report)}\n`);
  });

  it('when `docker compose down -v` runs, then no container, network or volume of the run is left', async () => {
    const res = await p.compose('down', '-v', '--remove-orphans', '--timeout', '10');
    expect(res.code).toBe(0);
    up = false;
    expect(await leftovers(p.name)).toEqual([]);
  });
});

describe('the production images', () => {
  it('when started with the example secrets of .env.example in production, then an app refuses to start', async () => {
    const p = await composeProject('nats', {
      MONGO_IMAGE,
      JWT_SECRET: 'example-jwt-secret-change-me-0123456789abcdef',
    });
    try {
      const res = await p.compose('run', '--rm', '--no-deps', '-T', 'auth');
      expect(res.code).not.toBe(0);
      expect(res.stdout + res.stderr).toMatch(/JWT_SECRET: is the example value/);
    } finally {
      await p.compose('down', '-v', '--remove-orphans');
    }
    expect(await leftovers(p.name)).toEqual([]);
  });
});
