import { once } from 'node:events';
import net from 'node:net';
import mongoose from 'mongoose';
import request from 'supertest';
import { z } from 'zod';
import {
  baseApp,
  conflict,
  finishApp,
  notFound,
  parseInput,
  requireAuth,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  signToken,
  tooManyRequests,
  userOf,
} from '../src';
import { captureLogger } from './capture-logger';

const SECRET = 'common-test-secret-of-32-characters!';
const alice = { id: 'u-alice', email: 'alice@example.com' };

function testApp() {
  const logs = captureLogger();
  const app = baseApp({ logger: logs.logger, jwtSecret: SECRET });
  app.get('/api/missing', () => {
    throw notFound('No such thing');
  });
  app.post('/api/conflict', () => {
    throw conflict('Already taken', 'name');
  });
  app.get('/api/limited', () => {
    throw tooManyRequests(41.2);
  });
  app.get('/api/bug', () => {
    throw new Error('kaboom: a real bug');
  });
  app.get('/api/async-bug', async () => {
    await new Promise((r) => setTimeout(r, 5));
    throw new Error('async kaboom');
  });
  app.get('/api/store-down', async () => {
    // A real driver error: nothing listens on port 1.
    const conn = mongoose.createConnection('mongodb://127.0.0.1:1/none', {
      serverSelectionTimeoutMS: 200,
    });
    try {
      await conn.asPromise();
    } finally {
      await conn.close().catch(() => {});
    }
  });
  app.get('/api/sidecar-down', async () => {
    // A real fetch failure (undici's TypeError with an ECONNREFUSED cause): a port just freed.
    const closed = net.createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((r) => closed.close(r));
    await fetch(`http://127.0.0.1:${port}/v1.0/state/appstate/x`);
  });
  app.get('/api/async-app-error', async () => {
    await Promise.resolve();
    throw notFound('Gone after a tick');
  });
  app.post('/api/things', (req, res) => {
    const body = parseInput(
      z.object({ name: z.string().min(1), address: z.object({ zip: z.string().length(5) }) }),
      req.body ?? {},
    );
    res.status(201).json(body);
  });
  app.get('/api/me', requireAuth, (req, res) => {
    res.json(userOf(req));
  });
  app.get('/api/whoami', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
  app.post('/api/session', (_req, res) => {
    res.cookie(SESSION_COOKIE, 'live-token-value-123', { httpOnly: true }).status(204).end();
  });
  return { app: finishApp(app), logs };
}

describe('the error handler', () => {
  it('when a route throws an AppError, then its status and the errors shape', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/missing').expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'No such thing' }] });
  });

  it('when an AppError names a field, then the field is in the answer', async () => {
    const { app } = testApp();
    const res = await request(app).post('/api/conflict').expect(409);
    expect(res.body).toEqual({ errors: [{ message: 'Already taken', field: 'name' }] });
  });

  it('when an AppError carries headers, then they are sent (429 with Retry-After rounded up)', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/limited').expect(429);
    expect(res.headers['retry-after']).toBe('42');
    expect(res.body.errors).toHaveLength(1);
  });

  it('when a route throws an unknown error, then 500 without details, and the error is logged', async () => {
    const { app, logs } = testApp();
    const res = await request(app).get('/api/bug').expect(500);
    expect(res.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
    expect(res.text).not.toContain('kaboom');

    const logged = logs.lines().find((l) => l.msg === 'unhandled error');
    expect(logged).toBeDefined();
    expect(logged?.level).toBe(50);
    expect((logged?.err as { message: string }).message).toBe('kaboom: a real bug');
  });

  it.each(['/api/store-down', '/api/sidecar-down'])(
    'when %s (a dependency is unreachable), then 503 with Retry-After, logged as a warning, not a 500',
    async (route) => {
      const { app, logs } = testApp();
      const res = await request(app).get(route).expect(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toEqual({
        errors: [{ message: 'Service temporarily unavailable, try again shortly' }],
      });
      expect(logs.lines().some((l) => l.msg === 'unhandled error')).toBe(false);
      expect(logs.lines().find((l) => l.msg === 'a dependency is unavailable')?.level).toBe(40);
    },
  );

  it('when an async route rejects, then the error still reaches the handler', async () => {
    const { app, logs } = testApp();
    await request(app).get('/api/async-bug').expect(500);
    expect(logs.text()).toContain('async kaboom');
    const res = await request(app).get('/api/async-app-error').expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Gone after a tick' }] });
  });

  it('when the JSON body is malformed, then 400 in the errors shape and nothing logged as an error', async () => {
    const { app, logs } = testApp();
    const res = await request(app)
      .post('/api/things')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
    expect(logs.lines().some((l) => l.msg === 'unhandled error')).toBe(false);
  });

  it('when the body is over the size limit, then 413 in the errors shape', async () => {
    const { app } = testApp();
    const res = await request(app)
      .post('/api/things')
      .send({ name: 'x'.repeat(200 * 1024) })
      .expect(413);
    expect(res.body.errors).toEqual([{ message: expect.any(String) }]);
  });

  it('when an /api route does not exist, then 404 JSON naming the route', async () => {
    const { app } = testApp();
    const res = await request(app).delete('/api/nothing/here').expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'No route for DELETE /api/nothing/here' }] });
  });

  it('when a path outside /api does not exist, then it is not answered in the API shape', async () => {
    const { app } = testApp();
    const res = await request(app).get('/elsewhere').expect(404);
    expect(res.body).not.toHaveProperty('errors');
  });
});

describe('parseInput', () => {
  it('when fields are wrong, then 400 with one error per field, nested fields by dotted path', async () => {
    const { app } = testApp();
    const res = await request(app)
      .post('/api/things')
      .send({ name: '', address: { zip: '1' } })
      .expect(400);
    expect(res.body.errors).toEqual([
      { message: expect.any(String), field: 'name' },
      { message: expect.any(String), field: 'address.zip' },
    ]);
  });

  it('when the input is valid, then the parsed value comes back', async () => {
    const { app } = testApp();
    const body = { name: 'n', address: { zip: '12345' } };
    const res = await request(app).post('/api/things').send(body).expect(201);
    expect(res.body).toEqual(body);
  });

  it('when the whole input has the wrong type, then the error has no field', () => {
    expect(() => parseInput(z.object({ a: z.string() }), 'text')).toThrow(
      expect.objectContaining({ status: 400, items: [{ message: expect.any(String) }] }),
    );
  });
});

describe('currentUser and requireAuth', () => {
  const token = () => signToken(alice, SECRET, 60);

  it('when nobody is signed in, then requireAuth answers 401', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/me').expect(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
  });

  it('when the session cookie holds a valid token, then the user is known', async () => {
    const { app } = testApp();
    const res = await request(app)
      .get('/api/me')
      .set('Cookie', `other=1; ${SESSION_COOKIE}=${token()}`)
      .expect(200);
    expect(res.body).toEqual(alice);
  });

  it.each([
    ['http', 'http'],
    ['https', 'https'],
  ])(
    'when the __Host- session cookie holds a valid token over %s, then the user is known',
    async (_case, proto) => {
      const { app } = testApp();
      const res = await request(app)
        .get('/api/me')
        .set('X-Forwarded-Proto', proto)
        .set('Cookie', `${SECURE_SESSION_COOKIE}=${token()}`)
        .expect(200);
      expect(res.body).toEqual(alice);
    },
  );

  it('when a plain session cookie comes over https, then it is ignored (it could have been planted)', async () => {
    const { app } = testApp();
    await request(app)
      .get('/api/me')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', `${SESSION_COOKIE}=${token()}`)
      .expect(401);
  });

  it('when a Bearer token is sent, then the user is known', async () => {
    const { app } = testApp();
    const res = await request(app)
      .get('/api/me')
      .set('Authorization', `Bearer ${token()}`)
      .expect(200);
    expect(res.body).toEqual(alice);
  });

  it.each([
    ['expired', () => signToken(alice, SECRET, -1)],
    ['signed with another secret', () => signToken(alice, 'x'.repeat(40), 60)],
    ['not a JWT', () => 'garbage'],
  ])('when the token is %s, then nobody is signed in', async (_case, make) => {
    const { app } = testApp();
    const res = await request(app)
      .get('/api/whoami')
      .set('Authorization', `Bearer ${make()}`)
      .expect(200);
    expect(res.body).toEqual({ currentUser: null });
    await request(app).get('/api/me').set('Cookie', `${SESSION_COOKIE}=${make()}`).expect(401);
  });
});

describe('response headers', () => {
  it.each(['/api/whoami', '/api/missing', '/api/bug', '/api/no-such-route', '/healthz'])(
    'when %s answers, then it says nosniff',
    async (path) => {
      const { app } = testApp();
      const res = await request(app).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );
});

describe('request logging', () => {
  it('when requests carry credentials or set a session cookie, then no secret is logged', async () => {
    const { app, logs } = testApp();
    await request(app).post('/api/session').set('Cookie', 'session=cookie-secret-abc').expect(204);
    await request(app)
      .get('/api/whoami')
      .set('Authorization', 'Bearer bearer-secret-xyz')
      .expect(200);
    const text = logs.text();
    expect(text).toContain('request completed');
    expect(text).not.toContain('live-token-value-123');
    expect(text).not.toContain('cookie-secret-abc');
    expect(text).not.toContain('bearer-secret-xyz');
  });

  it('when the caller sends a request id, then it is echoed; otherwise one is made', async () => {
    const { app } = testApp();
    const given = await request(app).get('/api/whoami').set('x-request-id', 'req-123').expect(200);
    expect(given.headers['x-request-id']).toBe('req-123');
    const made = await request(app).get('/api/whoami').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
