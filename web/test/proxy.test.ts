/**
 * The public proxy over real HTTP, with a stand-in for the sidecar's HTTP API (the edge we own):
 * what reaches the sidecar, and what comes back to the client.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiProxy } from '../server/proxy';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer };
type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

const TOKEN = 'sidecar-token';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('public API proxy', () => {
  let sidecar: Server;
  let front: Server;
  let base: string;
  let sidecarPort: number;
  let proxy: ReturnType<typeof createApiProxy>;
  let handle: Handler;
  const seen: Seen[] = [];

  beforeAll(async () => {
    sidecar = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const s = {
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        seen.push(s);
        handle(req, res, s);
      });
    });
    sidecarPort = await listen(sidecar);
    proxy = createApiProxy({
      daprHttpPort: sidecarPort,
      daprApiToken: TOKEN,
      trustProxy: false,
      timeoutMs: 5_000,
    });
    front = http.createServer((req, res) => proxy(req, res));
    base = `http://127.0.0.1:${await listen(front)}`;
  });

  beforeEach(() => {
    seen.length = 0;
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
  });

  afterAll(async () => {
    proxy.close();
    front.closeAllConnections();
    sidecar.closeAllConnections();
    await Promise.all([new Promise((r) => front.close(r)), new Promise((r) => sidecar.close(r))]);
  });

  it('when a request comes in, then the owning app is invoked with the same method, path, query and raw body', async () => {
    const raw = '{"id":"evt_1",  "type":"payment_intent.succeeded"}\n';
    const res = await fetch(`${base}/api/payments/webhook?x=1&y=%20z`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': 't=1,v1=abc',
        cookie: 'session=jwt; other=1',
        authorization: 'Bearer tok',
        'x-request-id': 'req-123',
      },
      body: raw,
    });
    expect(res.status).toBe(200);
    const s = seen[0]!;
    expect(s.method).toBe('POST');
    expect(s.url).toBe('/v1.0/invoke/payments/method/api/payments/webhook?x=1&y=%20z');
    expect(s.body.toString('utf8')).toBe(raw);
    expect(s.headers).toMatchObject({
      'content-type': 'application/json',
      'stripe-signature': 't=1,v1=abc',
      cookie: 'session=jwt; other=1',
      authorization: 'Bearer tok',
      'x-request-id': 'req-123',
      'dapr-api-token': TOKEN,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(res.headers.get('x-request-id')).toBe('req-123');
  });

  it('when the client sends sidecar or forwarding headers, then they are replaced, not passed on', async () => {
    await fetch(`${base}/api/users/currentuser`, {
      headers: {
        'dapr-api-token': 'guess',
        'dapr-app-id': 'orders',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-proto': 'https',
        'x-request-id': 'bad id with spaces',
      },
    });
    const h = seen[0]!.headers;
    expect(h['dapr-api-token']).toBe(TOKEN);
    expect(h['dapr-app-id']).toBeUndefined();
    expect(h['x-forwarded-for']).toBe('127.0.0.1');
    expect(h['x-forwarded-proto']).toBe('http');
    expect(h['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]!.url).toBe('/v1.0/invoke/auth/method/api/users/currentuser');
  });

  it('when the client sends a valid traceparent, then the sidecar gets it with its tracestate and the answer names the trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
    const res = await fetch(`${base}/api/tickets`, {
      headers: { traceparent, tracestate: 'vendor=1' },
    });
    expect(res.headers.get('x-trace-id')).toBe(traceId);
    expect(seen[0]!.headers.traceparent).toBe(traceparent);
    expect(seen[0]!.headers.tracestate).toBe('vendor=1');
  });

  it('when the client sends no or a malformed traceparent, then a new sampled trace starts and its tracestate is dropped', async () => {
    for (const headers of [{}, { traceparent: '00-nonsense-01', tracestate: 'vendor=1' }]) {
      seen.length = 0;
      const res = await fetch(`${base}/api/tickets`, { headers });
      const sent = String(seen[0]!.headers.traceparent);
      expect(sent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(res.headers.get('x-trace-id')).toBe(sent.split('-')[1]);
      expect(seen[0]!.headers.tracestate).toBeUndefined();
    }
  });

  it('when the app sets several cookies, then every set-cookie header reaches the client', async () => {
    handle = (_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
      res.setHeader('connection', 'keep-alive, x-hop');
      res.setHeader('x-hop', 'drop me');
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
    };
    const res = await fetch(`${base}/api/users/signup`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    expect(res.headers.get('x-hop')).toBeNull();
  });

  it('when the app answers slowly in parts, then the client gets each part as it is sent', async () => {
    let release!: () => void;
    const later = new Promise<void>((r) => (release = r));
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      void later.then(() => res.end('second'));
    };
    const res = await fetch(`${base}/api/tickets/stream`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('first;');
    release();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += Buffer.from(r.value).toString();
    expect(rest).toBe('second');
  });

  it('when the prefix is unknown, then 404 in the platform shape and nothing is invoked', async () => {
    const res = await fetch(`${base}/api/secrets/x`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      errors: [{ message: expect.stringContaining('/api/secrets') }],
    });
    expect(seen).toHaveLength(0);
  });

  it('when the path tries to climb out of the app, then 400 and nothing is invoked', async () => {
    for (const path of [
      '/api/users/../../v1.0/metadata',
      '/api/users/%2e%2e/x',
      '/api/users/a%2Fb',
    ]) {
      const res = await rawGet(base, path);
      expect(res.status).toBe(400);
    }
    expect(seen).toHaveLength(0);
  });

  it('when a segment is empty or decodes to ?, #, %, or a control character, then 400 at once and nothing is invoked', async () => {
    for (const path of [
      '/api/tickets//x',
      '/api/tickets/a%3Fb',
      '/api/tickets/a%23b',
      '/api/tickets/a%25b',
      '/api/tickets/a%00b',
      '/api/tickets/a%0Ab',
      '/api/tickets/a%7Fb',
    ]) {
      const started = Date.now();
      const res = await rawGet(base, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(Date.now() - started).toBeLessThan(300);
    }
    expect(seen).toHaveLength(0);
  });

  it('when the URL is longer than the sidecar could read, then 414 in the platform shape and nothing is invoked', async () => {
    const res = await fetch(`${base}/api/tickets?q=${'x'.repeat(4000)}`);
    expect(res.status).toBe(414);
    expect(await res.json()).toEqual({ errors: [{ message: expect.stringContaining('longer') }] });
    expect(seen).toHaveLength(0);
  });

  it('when the sidecar refuses in plain text, then the client gets the same status in the platform shape', async () => {
    handle = (_req, res) => {
      res.writeHead(431, { 'content-type': 'text/plain' });
      res.end('Request Header Fields Too Large');
    };
    const res = await fetch(`${base}/api/tickets/1`);
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({ errors: [{ message: 'Request Header Fields Too Large' }] });
  });

  it('when a path ends with a slash, then it is still forwarded', async () => {
    const res = await fetch(`${base}/api/tickets/`);
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('when an API answer or a refusal goes out, then it says nosniff', async () => {
    const ok = await fetch(`${base}/api/tickets/1`);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    const refused = await fetch(`${base}/api/secrets/x`);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('when a client on plain http claims https itself, then no HSTS (only a trusted proxy may say so)', async () => {
    const res = await fetch(`${base}/api/tickets`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('when behind a trusted proxy that ended TLS, then answers and refusals carry HSTS and the app learns https', async () => {
    const trusted = createApiProxy({
      daprHttpPort: sidecarPort,
      trustProxy: true,
      timeoutMs: 5_000,
    });
    const server = http.createServer((req, res) => trusted(req, res));
    const at = `http://127.0.0.1:${await listen(server)}`;
    handle = (_req, res) => {
      res.writeHead(200, [
        'content-type',
        'application/json',
        'set-cookie',
        'a=1',
        'set-cookie',
        'b=2',
      ]);
      res.end('{}');
    };
    try {
      const https = { 'x-forwarded-proto': 'https' };
      const answered = await fetch(`${at}/api/users/signin`, { headers: https });
      const refused = await fetch(`${at}/api/nothing`, { headers: https });
      const plain = await fetch(`${at}/api/users/signin`);

      expect(answered.headers.get('strict-transport-security')).toBe('max-age=63072000');
      expect(answered.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(seen[0]!.headers['x-forwarded-proto']).toBe('https');
      expect(refused.status).toBe(404);
      expect(refused.headers.get('strict-transport-security')).toBe('max-age=63072000');
      expect(plain.headers.get('strict-transport-security')).toBeNull();
    } finally {
      trusted.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('when the sidecar says the app cannot be reached, then 502 in the platform shape', async () => {
    handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke"}');
    };
    const res = await fetch(`${base}/api/orders`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      errors: [{ message: 'The orders service is unavailable' }],
    });
  });

  it('when the app itself fails with a 500, then its answer passes through unchanged', async () => {
    handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errors":[{"message":"Something went wrong"}]}');
    };
    const res = await fetch(`${base}/api/orders`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ errors: [{ message: 'Something went wrong' }] });
  });

  it('when the sidecar is not listening, then 502 in the platform shape', async () => {
    const dead = createApiProxy({ daprHttpPort: 1, trustProxy: false, timeoutMs: 1_000 });
    const server = http.createServer((req, res) => dead(req, res));
    const port = await listen(server);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/tickets`);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ errors: [{ message: expect.any(String) }] });
    } finally {
      dead.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

/** A GET with the path exactly as given (fetch would resolve the dot segments). */
function rawGet(base: string, path: string): Promise<{ status: number }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode! }));
    });
    req.on('error', reject);
    req.end();
  });
}
