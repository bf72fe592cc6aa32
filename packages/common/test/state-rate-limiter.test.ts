import { DaprStateStore, stateRateLimiter, type RateLimiter } from '../src';
import { startStateSidecar, type StateSidecar } from './state-sidecar';

jest.setTimeout(60_000);

const key = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`;

describe('the rate limiter in the state store, through daprd', () => {
  let sidecar: StateSidecar;
  let limiter: RateLimiter;
  const now = new Date('2030-01-01T12:00:00Z');

  beforeAll(async () => {
    sidecar = await startStateSidecar('nats');
    const store = new DaprStateStore({
      storeName: 'appstate',
      daprHttpPort: sidecar.httpPort,
      daprApiToken: sidecar.apiToken,
    });
    limiter = stateRateLimiter(store, { limit: 3, windowSeconds: 60, name: 'test-limit' });
  });
  afterAll(() => sidecar?.stop());

  it('when 12 actions of one key race, then exactly the limit pass and the rest learn how long to wait', async () => {
    const k = key('burst');
    const decisions = await Promise.all(Array.from({ length: 12 }, () => limiter.take(k, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    for (const d of decisions.filter((d) => !d.allowed))
      expect(d).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
  });

  it('when a key is checked, then nothing is counted; once full, the check refuses', async () => {
    const k = key('check');
    for (let i = 0; i < 5; i++) expect(await limiter.check(k, now)).toEqual({ allowed: true });
    for (let i = 0; i < 3; i++) await limiter.take(k, now);
    expect(await limiter.check(k, now)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('when two keys act, then each has its own count', async () => {
    const [a, b] = [key('a'), key('b')];
    for (let i = 0; i < 3; i++) await limiter.take(a, now);
    expect((await limiter.take(a, now)).allowed).toBe(false);
    expect((await limiter.take(b, now)).allowed).toBe(true);
  });

  it('when the window has passed, then the key may act again', async () => {
    const k = key('window');
    for (let i = 0; i < 3; i++) await limiter.take(k, now);
    expect((await limiter.take(k, new Date(now.getTime() + 60_001))).allowed).toBe(true);
  });

  it('when the limit is 0, then the limit is off', async () => {
    const off = stateRateLimiter(new DaprStateStore({ storeName: 'appstate', daprHttpPort: 1 }), {
      limit: 0,
      windowSeconds: 60,
      name: 'off',
    });
    expect(await off.take('anyone', now)).toEqual({ allowed: true });
  });
});
