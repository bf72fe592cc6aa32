import { AttemptSlotModel, claimSlot } from '../src/data/attempt-slots';
import { signUp, uniqueEmail, useAuthApp } from './harness';

const WINDOW_SECONDS = 600;
const h = useAuthApp({
  SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
  SIGNIN_MAX_PER_EMAIL: '3',
  SIGNIN_MAX_PER_IP: '5',
});

let lastIp = 0;
/** A client address of its own, passed the way the local proxy passes it. */
const newIp = () => `203.0.113.${++lastIp}`;

const signIn = (body: object, ip: string) =>
  h.http.post('/api/users/signin').set('X-Forwarded-For', ip).send(body);

function expectRateLimited(res: {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('sign-in rate limit', () => {
  it('when one email is tried more often than allowed from many addresses, then 429 with Retry-After', async () => {
    const { email, password } = await signUp(h);
    for (let i = 0; i < 3; i++) {
      await signIn({ email, password: 'wrong password' }, newIp()).expect(401);
    }
    const limited = await signIn({ email, password: 'wrong password' }, newIp());
    expectRateLimited(limited);
    expect(limited.headers['retry-after']).toBe(String(WINDOW_SECONDS - 1));
    // Even the right password waits for the window: the limit is what stops guessing.
    expectRateLimited(await signIn({ email, password }, newIp()));
    // Other accounts are not affected.
    const other = await signUp(h);
    await signIn({ email: other.email, password: other.password }, newIp()).expect(200);
  });

  it('when one address tries more often than allowed across emails, then 429 with Retry-After', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) {
      await signIn({ email: uniqueEmail('probe'), password: 'guess guess' }, ip).expect(401);
    }
    expectRateLimited(await signIn({ email: uniqueEmail('probe'), password: 'guess guess' }, ip));
    // Another address still gets through.
    const { email, password } = await signUp(h);
    await signIn({ email, password }, newIp()).expect(200);
  });

  it('when an IPv6 client rotates addresses inside its /64, then they count as one', async () => {
    for (let i = 1; i <= 5; i++) {
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

  it('when the window has passed, then sign-in works again and old windows are cleared', async () => {
    const { email, password } = await signUp(h);
    const ip = newIp();
    for (let i = 0; i < 3; i++) await signIn({ email, password: 'wrong password' }, ip).expect(401);
    expectRateLimited(await signIn({ email, password }, ip));
    const windowsBefore = await AttemptSlotModel.countDocuments();
    expect(windowsBefore).toBeGreaterThan(0);

    h.advanceClock(WINDOW_SECONDS * 1000);
    await signIn({ email, password }, ip).expect(200);
    // The first attempt of a window deletes the ones before: only this attempt's two remain.
    expect(await AttemptSlotModel.countDocuments()).toBe(2);
  });

  it('when twenty attempts for one email arrive at once, then exactly the limit get through', async () => {
    const { email } = await signUp(h);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn({ email, password: 'wrong password' }, newIp())),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);
  });

  it('when twelve attempts from one address arrive at once, then exactly the limit get through', async () => {
    const ip = newIp();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        signIn({ email: uniqueEmail('burst'), password: 'guess guess' }, ip),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
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
