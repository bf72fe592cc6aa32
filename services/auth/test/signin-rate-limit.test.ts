import { scryptSync } from 'node:crypto';
import { AttemptSlotModel, claimSlot } from '../src/data/attempt-slots';
import { SigninAttemptModel } from '../src/data/signin-failures';
import { UserModel } from '../src/data/users';
import { signUp, uniqueEmail, useAuthApp } from './harness';

const WINDOW_SECONDS = 600;
const h = useAuthApp({
  SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
  SIGNIN_MAX_PER_IP: '12',
  SIGNIN_FREE_FAILURES: '3',
  SIGNIN_BACKOFF_BASE_SECONDS: '2',
  SIGNIN_BACKOFF_MAX_SECONDS: '60',
});

let lastIp = 0;
/** A client address of its own, passed the way the local proxy passes it. */
const newIp = () => `203.0.113.${++lastIp}`;
const MAX_PER_IP = 12;

const signIn = (body: object, ip: string) =>
  h.http.post('/api/users/signin').set('X-Forwarded-For', ip).send(body);

function expectRateLimited(
  res: { status: number; headers: Record<string, string>; body: unknown },
  retryAfter?: number,
) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  const seconds = Number(res.headers['retry-after']);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  if (retryAfter !== undefined) expect(seconds).toBe(retryAfter);
}

describe('sign-in backoff per email and client', () => {
  it('when one client keeps failing for an email, then it waits 2 s, 4 s, 8 s, even with the right password', async () => {
    const { email, password } = await signUp(h);
    const ip = newIp();
    for (let i = 0; i < 3; i++) await signIn({ email, password: 'wrong password' }, ip).expect(401);
    // Three free failures; the fourth attempt waits 2 s.
    expectRateLimited(await signIn({ email, password }, ip), 2);
    h.advanceClock(2000);
    await signIn({ email, password: 'wrong password' }, ip).expect(401);
    expectRateLimited(await signIn({ email, password }, ip), 4);
    h.advanceClock(4000);
    await signIn({ email, password: 'wrong password' }, ip).expect(401);
    expectRateLimited(await signIn({ email, password }, ip), 8);
    h.advanceClock(8000);
    // The right password, once the wait is over, works and forgets the failures.
    await signIn({ email, password }, ip).expect(200);
    for (let i = 0; i < 3; i++) await signIn({ email, password: 'wrong password' }, ip).expect(401);
  });

  it('when the waits would grow past the maximum, then they stop at it', async () => {
    const { email } = await signUp(h);
    const ip = newIp();
    let wait = 0;
    for (let i = 0; i < 9; i++) {
      h.advanceClock(wait * 1000);
      await signIn({ email, password: 'wrong password' }, ip).expect(401);
      wait = Number(
        (await signIn({ email, password: 'wrong password' }, ip)).headers['retry-after'] ?? 0,
      );
    }
    expect(wait).toBe(60);
  });

  it('when someone fails against a victim’s email, then the victim still signs in from their own client', async () => {
    const victim = await signUp(h);
    const attacker = newIp();
    for (let i = 0; i < 3; i++) {
      await signIn({ email: victim.email, password: 'guess guess' }, attacker).expect(401);
    }
    expectRateLimited(await signIn({ email: victim.email, password: 'guess guess' }, attacker));
    // A hard per-email lock would refuse this: the attacker would have locked the victim out.
    await signIn({ email: victim.email, password: victim.password }, newIp()).expect(200);
  });

  it('when twenty attempts for one email arrive at once from one client, then no more than the free ones are checked', async () => {
    const { email } = await signUp(h);
    const ip = newIp();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn({ email, password: 'wrong password' }, ip)),
    );
    const checked = results.filter((r) => r.status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(20 - checked);
  });

  it('when the sign-in body has an unknown field, then 400 naming it and no attempt is counted', async () => {
    const { email, password } = await signUp(h);
    const before = await SigninAttemptModel.countDocuments();
    const res = await signIn({ email, password, isAdmin: true }, newIp()).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/isAdmin/);
    expect(await SigninAttemptModel.countDocuments()).toBe(before);
  });
});

describe('sign-in rate limit per client', () => {
  it('when one address tries more often than allowed across emails, then 429 with Retry-After', async () => {
    const ip = newIp();
    for (let i = 0; i < MAX_PER_IP; i++) {
      await signIn({ email: uniqueEmail('probe'), password: 'guess guess' }, ip).expect(401);
    }
    const limited = await signIn({ email: uniqueEmail('probe'), password: 'guess guess' }, ip);
    expectRateLimited(limited);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
    // Another address still gets through.
    const { email, password } = await signUp(h);
    await signIn({ email, password }, newIp()).expect(200);
  });

  it('when an IPv6 client rotates addresses inside its /64, then they count as one', async () => {
    for (let i = 1; i <= MAX_PER_IP; i++) {
      await signIn(
        { email: uniqueEmail('v6'), password: 'guess guess' },
        `2001:db8:1:2::${i}`,
      ).expect(401);
    }
    expectRateLimited(
      await signIn({ email: uniqueEmail('v6'), password: 'guess guess' }, '2001:db8:1:2::ff'),
    );
    await signIn({ email: uniqueEmail('v6'), password: 'guess guess' }, '2001:db8:1:3::1').expect(
      401,
    );
  });

  it('when the window has passed, then the address is admitted again and old windows are cleared', async () => {
    const ip = newIp();
    for (let i = 0; i < MAX_PER_IP; i++) {
      await signIn({ email: uniqueEmail('w'), password: 'guess guess' }, ip).expect(401);
    }
    expectRateLimited(await signIn({ email: uniqueEmail('w'), password: 'guess guess' }, ip));
    h.advanceClock(WINDOW_SECONDS * 1000);
    const { email, password } = await signUp(h);
    await signIn({ email, password }, ip).expect(200);
    // The first attempt of a window deletes the ones before: only this attempt's slot remains.
    expect(await AttemptSlotModel.countDocuments()).toBe(1);
  });

  it('when twenty attempts from one address arrive at once, then exactly the limit get through', async () => {
    const ip = newIp();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        signIn({ email: uniqueEmail('burst'), password: 'guess guess' }, ip),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(12).fill(401), ...Array(8).fill(429)]);
  });

  it('when thirty claims on one key race, then exactly max succeed and each slot is taken once', async () => {
    const windowStart = new Date(Date.UTC(2031, 0, 1));
    const claims = await Promise.all(
      Array.from({ length: 30 }, () => claimSlot('race-key', windowStart, 10)),
    );
    expect(claims.filter(Boolean)).toHaveLength(10);
    const slots = await AttemptSlotModel.find({ key: 'race-key' }).lean();
    expect(slots.map((s) => s.slot).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('password hashes made at an older cost', () => {
  const legacyHash = (password: string) => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
    return `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
  };

  it('when a user signs in with a hash of an older cost, then it is stored again at today’s cost and sessions go on', async () => {
    const { email, password, cookie } = await signUp(h);
    await UserModel.updateOne({ email }, { $set: { passwordHash: legacyHash(password) } });
    // A wrong password proves nothing: the old hash stays.
    await signIn({ email, password: 'wrong password' }, newIp()).expect(401);
    expect((await UserModel.findOne({ email }).lean())?.passwordHash).toBe(legacyHash(password));

    await signIn({ email, password }, newIp()).expect(200);
    const stored = (await UserModel.findOne({ email }).lean())?.passwordHash ?? '';
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 14), '8', '1']);
    // Same password, so the earlier session still works and the new hash verifies.
    const me = await h.http.get('/api/users/currentuser').set('Cookie', cookie).expect(200);
    expect(me.body.currentUser?.email).toBe(email);
    await signIn({ email, password }, newIp()).expect(200);
  });
});
