/**
 * Zero trust between sidecars (issue 11, decision 019), through real sidecars: mTLS with
 * certificates from the run's sentry, each app's accessControl, and pub/sub topic scopes.
 * Every refusal is paired with the call that is let through, so a policy that admitted
 * everything (or nothing) would fail here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '@ticketing/runner';
import { ensureWebBuild } from '../../web/scripts/ensure-build';
import { eventually, invoke } from './support/stack-helpers';
import { signUp } from './support/shop';

jest.setTimeout(300_000);

const DENIED = /access control policy has denied access to id: spiffe:\/\/public\/ns\/default\//;

/** A sidecar's answer to a raw request target, untouched by URL normalisation. */
function rawInvoke(stack: Stack, via: string, target: string, method = 'GET') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: stack.service(via).dapr!.httpPort,
        method,
        path: target,
        headers: { 'dapr-api-token': stack.daprApiToken },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Calls a sidecar's internal gRPC port (where other sidecars call it) as a stranger would:
 * TLS with the given client certificate, or none. Resolves with the server's identity and the
 * call's outcome.
 */
function strangerCall(port: number, client?: { cert: string; key: string }) {
  return new Promise<{ serverId?: string; outcome: string }>((resolve) => {
    let serverId: string | undefined;
    const session = http2.connect(`https://127.0.0.1:${port}`, {
      createConnection: () => {
        const socket = tls.connect({
          host: '127.0.0.1',
          port,
          ALPNProtocols: ['h2'],
          rejectUnauthorized: false,
          ...client,
        });
        socket.once('secureConnect', () => {
          serverId = socket.getPeerCertificate().subjectaltname;
        });
        return socket;
      },
    });
    const done = (outcome: string) => {
      session.destroy();
      resolve({ serverId, outcome });
    };
    session.on('error', (err: NodeJS.ErrnoException) => done(`error ${err.code ?? err.message}`));
    const req = session.request({
      ':method': 'POST',
      ':path': '/dapr.proto.internals.v1.ServiceInvocation/CallLocal',
      'content-type': 'application/grpc',
    });
    req.on('response', (headers) => done(`answered ${String(headers['grpc-status'] ?? '')}`));
    req.on('error', (err: NodeJS.ErrnoException) => done(`error ${err.code ?? err.message}`));
    req.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}

/** A self-signed certificate claiming to be web's sidecar: the right name, the wrong issuer. */
function forgedWebCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), 'forged-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=web',
      '-addext',
      'subjectAltName=URI:spiffe://public/ns/default/web',
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

describe('zero trust between sidecars', () => {
  let stack: Stack;
  let origin: string;
  /** orders' subscription routes, as its app tells its own sidecar. */
  let eventRoute: string;

  beforeAll(async () => {
    // The origin serves a production Next build; build it first if it is missing or stale.
    await ensureWebBuild({ log: () => {} });
    stack = await startStack({ ports: 'free', only: ['web', 'expiration'], timeoutMs: 180_000 });
    origin = stack.appUrl('web');
    const subs = await invoke(stack, 'orders', 'orders', 'GET', 'dapr/subscribe');
    const routes = subs.body as unknown as { topic: string; route: string }[];
    eventRoute = routes.find((r) => r.topic === 'ticket.created')!.route.replace(/^\//, '');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when web invokes an /api route of orders, then its call is let through to the app', async () => {
    const res = await invoke(stack, 'web', 'orders', 'GET', 'api/orders');
    // The app's own answer: not signed in.
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      errors: [expect.objectContaining({ message: expect.any(String) })],
    });
  });

  it("when web invokes a route of orders outside /api (an event route, the subscription list, health), then orders' sidecar refuses with 403", async () => {
    for (const [method, route] of [
      ['POST', eventRoute],
      ['GET', 'dapr/subscribe'],
      ['GET', 'healthz'],
    ] as const) {
      const res = await invoke(stack, 'web', 'orders', method, route, {
        body: method === 'GET' ? undefined : {},
      });
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
      expect(JSON.stringify(res.body)).toMatch(DENIED);
    }
  });

  it('when web steers an /api path out of /api with dot segments, then it does not reach the app', async () => {
    const res = await rawInvoke(
      stack,
      'web',
      '/v1.0/invoke/orders/method/api/%2e%2e/dapr/subscribe',
    );
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toMatch(/"topic"/);
  });

  it("when web invokes expiration's actor route, then expiration's sidecar refuses with 403", async () => {
    const res = await invoke(
      stack,
      'web',
      'expiration',
      'PUT',
      `actors/OrderExpiration/${randomUUID()}/method/remind/expire`,
      { body: {} },
    );
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toMatch(DENIED);
  });

  it("when another app's sidecar (payments) invokes orders' /api route or its event route, then it is refused", async () => {
    for (const [method, route] of [
      ['GET', 'api/orders'],
      ['POST', eventRoute],
    ] as const) {
      const res = await invoke(stack, 'payments', 'orders', method, route, {
        body: method === 'GET' ? undefined : {},
      });
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
      expect(JSON.stringify(res.body)).toMatch(/spiffe:\/\/public\/ns\/default\/payments/);
    }
  });

  it('when an app reads a session version from auth, then only that GET is open to it', async () => {
    const user = await signUp(stack, 'zt');
    const read = await invoke(stack, 'tickets', 'auth', 'GET', `internal/sessions/${user.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ userId: user.id, sessionVersion: 0 }));
    const write = await invoke(stack, 'tickets', 'auth', 'POST', `internal/sessions/${user.id}`);
    expect(write.status).toBe(403);
    const api = await invoke(stack, 'tickets', 'auth', 'GET', 'api/users/currentuser');
    expect(api.status).toBe(403);
    // web is an API caller, not a session reader.
    const fromWeb = await invoke(stack, 'web', 'auth', 'GET', `internal/sessions/${user.id}`);
    expect(fromWeb.status).toBe(403);
  });

  it("when orders asks payments to close an expired order's charge, then only orders, and only that POST, get through", async () => {
    // An order id payments has never seen: closing its charge is harmless and answers `closed`.
    const orderId = randomUUID().replaceAll('-', '').slice(0, 24);
    const route = `internal/expiries/${orderId}`;
    const asked = await invoke(stack, 'orders', 'payments', 'POST', route);
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ orderId, charge: 'closed' });
    const read = await invoke(stack, 'orders', 'payments', 'GET', route);
    expect(read.status).toBe(403);
    for (const caller of ['tickets', 'web', 'expiration']) {
      const res = await invoke(stack, caller, 'payments', 'POST', route);
      expect({ caller, status: res.status }).toEqual({ caller, status: 403 });
      expect(JSON.stringify(res.body)).toMatch(DENIED);
    }
    // Another API app shares nothing of it: orders may not reach tickets' /internal either.
    const elsewhere = await invoke(stack, 'orders', 'tickets', 'POST', route);
    expect(elsewhere.status).toBe(403);
  });

  it("when a caller without a certificate from the run's sentry calls a sidecar directly, then the call is refused", async () => {
    const port = stack.service('orders').dapr!.internalGrpcPort;
    const anonymous = await strangerCall(port);
    // orders' sidecar presents its own workload certificate: mTLS is on, with sentry's identity.
    expect(anonymous.serverId).toBe('URI:spiffe://public/ns/default/orders');
    expect(anonymous.outcome).toMatch(/^error /);
    const forged = await strangerCall(port, forgedWebCertificate());
    expect(forged.outcome).toMatch(/^error /);
  });

  it('when an app publishes a topic it does not own, then its own sidecar refuses with 403', async () => {
    const publish = (via: string, topic: string) =>
      fetch(`${stack.daprUrl(via)}/v1.0/publish/pubsub/${topic}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dapr-api-token': stack.daprApiToken },
        body: JSON.stringify({
          eventId: randomUUID(),
          sentAt: new Date().toISOString(),
          note: 'zt',
        }),
      });
    for (const [via, topic] of [
      ['payments', 'order.completed'],
      ['web', 'ticket.created'],
      ['orders', 'payment.created'],
      ['orders', 'order.bogus'],
    ]) {
      const res = await publish(via!, topic!);
      const body = await res.text();
      expect({ via, topic, status: res.status }).toEqual({ via, topic, status: 403 });
      expect(body).toMatch(/ERR_PUBSUB_FORBIDDEN/);
    }
    // Everyone may send the system ping (TOPIC_APPS: publisher "any").
    expect((await publish('payments', 'system.ping')).status).toBe(204);
  });

  it('when a buyer buys through the public origin, then the purchase still completes end to end', async () => {
    const api = async (method: string, route: string, token?: string, body?: unknown) => {
      const res = await fetch(`${origin}${route}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const user = async (name: string) => {
      const res = await api('POST', '/api/users/signup', undefined, {
        email: `${name}-${randomUUID().slice(0, 8)}@example.com`,
        password: 'correct horse battery',
      });
      expect(res.status).toBe(201);
      return res.body.token as string;
    };
    const seller = await user('zt-seller');
    const buyer = await user('zt-buyer');
    const listed = await api('POST', '/api/tickets', seller, {
      title: `Zero trust ${randomUUID().slice(0, 6)}`,
      category: 'concert',
      venue: 'Arena',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      price: 2500,
    });
    expect(listed.status).toBe(201);
    const ticketId = (listed.body.tickets as { id: string }[])[0]!.id;
    const order = await eventually(async () => {
      const res = await api('POST', '/api/orders', buyer, { ticketId });
      return res.status === 404 ? undefined : res;
    }, 20_000);
    expect(order.status).toBe(201);
    const orderId = order.body.id as string;
    const payment = await eventually(async () => {
      const res = await api('POST', '/api/payments', buyer, {
        orderId,
        paymentMethod: 'pm_card_visa',
      });
      return res.status === 404 ? undefined : res;
    }, 20_000);
    expect(payment.status).toBe(201);
    await eventually(async () => {
      const res = await api('GET', `/api/orders/${orderId}`, buyer);
      return res.body.status === 'complete' ? true : undefined;
    }, 20_000);
    const ticket = await eventually(async () => {
      const res = await api('GET', `/api/tickets/${ticketId}`);
      return res.body.status === 'sold' ? res.body : undefined;
    }, 20_000);
    expect(ticket.status).toBe('sold');
  });
});

describe('topic scopes in the redis profile', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      profile: 'redis',
      only: ['auth'],
      include: ['echo'],
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when auth publishes a topic it does not own, then 403; the ping it may send reaches echo', async () => {
    const publish = (topic: string, eventId: string) =>
      fetch(`${stack.daprUrl('auth')}/v1.0/publish/pubsub/${topic}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dapr-api-token': stack.daprApiToken },
        body: JSON.stringify({ eventId, sentAt: new Date().toISOString(), note: 'redis' }),
      });
    expect((await publish('order.created', randomUUID())).status).toBe(403);
    const eventId = randomUUID();
    expect((await publish('system.ping', eventId)).status).toBe(204);
    await eventually(async () => {
      const r = await invoke(stack, 'echo', 'echo', 'GET', 'received');
      const list = (r.body as { received: { eventId: string }[] }).received;
      return list.find((e) => e.eventId === eventId);
    }, 15_000);
  });
});
