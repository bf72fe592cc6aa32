import request from 'supertest';
import {
  baseApp,
  cachedSessionVersions,
  finishApp,
  requireAuth,
  signToken,
  userOf,
  type SessionVersions,
} from '../src';
import { captureLogger } from './capture-logger';

const SECRET = 'common-test-secret-of-32-characters!';
const alice = { id: 'u-alice', email: 'alice@example.com' };

/** Auth's side of the check, as a table the test edits: the edge this package owns. */
function versions(initial: Record<string, number>) {
  const table = new Map(Object.entries(initial));
  let calls = 0;
  let down = false;
  const source: SessionVersions = {
    async current(userId) {
      calls += 1;
      if (down) throw new Error('auth unreachable');
      return table.get(userId);
    },
  };
  return {
    source,
    set: (id: string, v: number) => table.set(id, v),
    calls: () => calls,
    fail: (value: boolean) => {
      down = value;
    },
  };
}

function app(sessions: SessionVersions) {
  const server = baseApp({ logger: captureLogger().logger, jwtSecret: SECRET, sessions });
  server.get('/api/me', requireAuth, (req, res) => {
    res.json({ id: userOf(req).id });
  });
  return finishApp(server);
}

describe('session versions', () => {
  it('when the token carries the current version, then the user is signed in; after the version rises, not', async () => {
    const v = versions({ [alice.id]: 3 });
    const server = app(v.source);
    const token = signToken(alice, SECRET, 60, 3);
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    v.set(alice.id, 4);
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    const fresh = signToken(alice, SECRET, 60, 4);
    await request(server).get('/api/me').set('Authorization', `Bearer ${fresh}`).expect(200);
  });

  it('when the user no longer exists, then the token signs no one in', async () => {
    const server = app(versions({}).source);
    const token = signToken(alice, SECRET, 60, 0);
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('when one session of a user was signed out, then its token signs no one in and another session still works', async () => {
    const ended = { version: 2, ended: ['sid-signed-out'] };
    const server = app({ current: async (id) => (id === alice.id ? ended : undefined) });
    const gone = signToken(alice, SECRET, 60, 2, 'sid-signed-out');
    const other = signToken(alice, SECRET, 60, 2, 'sid-laptop');
    await request(server).get('/api/me').set('Authorization', `Bearer ${gone}`).expect(401);
    await request(server).get('/api/me').set('Authorization', `Bearer ${other}`).expect(200);
  });

  it('when a token has no version (signed by a test or before versions), then it is not checked', async () => {
    const v = versions({});
    const server = app(v.source);
    await request(server)
      .get('/api/me')
      .set('Authorization', `Bearer ${signToken(alice, SECRET, 60)}`)
      .expect(200);
    expect(v.calls()).toBe(0);
  });

  it('when answers are cached, then one lookup serves a user for the TTL, and a change shows after it', async () => {
    let now = 1_000_000;
    const v = versions({ [alice.id]: 0 });
    const cached = cachedSessionVersions(v.source, { ttlMs: 5_000, now: () => now });
    const server = app(cached);
    const token = signToken(alice, SECRET, 60, 0);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200),
      ),
    );
    expect(v.calls()).toBe(1);
    v.set(alice.id, 1);
    now += 4_999;
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    now += 2;
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(v.calls()).toBe(2);
  });

  it('when auth cannot be reached, then a recent answer is used, and without one the request gets 503', async () => {
    let now = 1_000_000;
    const v = versions({ [alice.id]: 0, 'u-bob': 0 });
    const server = app(
      cachedSessionVersions(v.source, { ttlMs: 1_000, staleMs: 30_000, now: () => now }),
    );
    const token = signToken(alice, SECRET, 60, 0);
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    v.fail(true);
    now += 10_000;
    await request(server).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    const bob = signToken({ id: 'u-bob', email: 'bob@example.com' }, SECRET, 60, 0);
    const res = await request(server)
      .get('/api/me')
      .set('Authorization', `Bearer ${bob}`)
      .expect(503);
    expect(res.body.errors[0].message).toMatch(/Sessions cannot be checked/);
  });
});
