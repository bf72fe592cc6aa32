import { DaprStateStore, updateState } from '../src';
import { hasRedisServer, startStateSidecar, type StateSidecar } from './state-sidecar';

jest.setTimeout(60_000);

const profiles = (['nats', 'redis'] as const).filter((p) => p === 'nats' || hasRedisServer());
if (profiles.length < 2) console.warn('SKIPPED the redis profile: no redis-server on this machine');

const key = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`;

describe.each(profiles)('the state store client through daprd (%s profile)', (profile) => {
  let sidecar: StateSidecar;
  let store: DaprStateStore;

  beforeAll(async () => {
    sidecar = await startStateSidecar(profile);
    store = new DaprStateStore({
      storeName: 'appstate',
      daprHttpPort: sidecar.httpPort,
      daprApiToken: sidecar.apiToken,
    });
  });
  afterAll(() => sidecar?.stop());

  it('when a key was never written, then get answers undefined', async () => {
    expect(await store.get(key('absent'))).toBeUndefined();
  });

  it('when a value is saved, then get returns it with an ETag', async () => {
    const k = key('saved');
    expect(await store.save(k, { n: 1, list: ['a'] })).toBe(true);
    const got = await store.get<{ n: number }>(k);
    expect(got?.value).toEqual({ n: 1, list: ['a'] });
    expect(got?.etag).toEqual(expect.any(String));
  });

  it('when a save gives no ETag for a key that exists, then it is refused (first write wins)', async () => {
    const k = key('first');
    expect(await store.save(k, 'one')).toBe(true);
    expect(await store.save(k, 'two')).toBe(false);
    expect((await store.get(k))?.value).toBe('one');
  });

  it('when a save gives a stale ETag, then it is refused and the newer value stays', async () => {
    const k = key('stale');
    await store.save(k, 1);
    const read = await store.get<number>(k);
    expect(await store.save(k, 2, { etag: read!.etag })).toBe(true);
    expect(await store.save(k, 3, { etag: read!.etag })).toBe(false);
    expect((await store.get(k))?.value).toBe(2);
  });

  it('when 20 updates race on one key, then none is lost', async () => {
    const k = key('race');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        updateState<number, void>(store, k, (n) => ({ value: (n ?? 0) + 1, result: undefined }), {
          attempts: 50,
        }),
      ),
    );
    expect((await store.get(k))?.value).toBe(20);
  });

  it('when a key is deleted with a stale ETag, then it stays; with the current one, it goes', async () => {
    const k = key('delete');
    await store.save(k, 'x');
    const first = await store.get(k);
    await store.save(k, 'y', { etag: first!.etag });
    expect(await store.delete(k, { etag: first!.etag })).toBe(false);
    expect(await store.delete(k, { etag: (await store.get(k))!.etag })).toBe(true);
    expect(await store.get(k)).toBeUndefined();
  });

  it('when a value is saved with a TTL, then it is gone after it', async () => {
    const k = key('ttl');
    await store.save(k, 'short', { ttlSeconds: 1 });
    expect((await store.get(k))?.value).toBe('short');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await store.get(k)).toBeUndefined();
  });

  it('when the sidecar refuses the token, then the client throws rather than answering', async () => {
    const wrong = new DaprStateStore({
      storeName: 'appstate',
      daprHttpPort: sidecar.httpPort,
      daprApiToken: 'not-the-token-0123456789',
    });
    await expect(wrong.get(key('x'))).rejects.toThrow(/401/);
  });
});
