/**
 * A small client for a Dapr state store, through the sidecar's HTTP state API. Keys are plain
 * strings (the sidecar prefixes them with the app id); values are JSON. Writes can be made
 * conditional on an ETag, so a read-modify-write is safe across processes and replicas.
 */
export interface StateEntry<T> {
  value: T;
  etag: string;
}

export interface SaveOptions {
  /**
   * Write only over this version of the key (from `get`). Without one, write only when the key
   * does not exist yet (first write wins): a write never silently replaces a value it did not see.
   */
  etag?: string;
  /** Let the store forget the key after this many seconds (sqlite and redis stores honour it). */
  ttlSeconds?: number;
}

export interface StateStore {
  get<T>(key: string): Promise<StateEntry<T> | undefined>;
  /** True when written; false when the ETag no longer matches (or the key already exists). */
  save<T>(key: string, value: T, options?: SaveOptions): Promise<boolean>;
  /** True when deleted (or absent); false when the ETag given no longer matches. */
  delete(key: string, options?: { etag?: string }): Promise<boolean>;
}

export interface DaprStateStoreOptions {
  /** The component's name, e.g. `appstate`. */
  storeName: string;
  daprHttpPort: number;
  daprApiToken?: string;
  daprHost?: string;
  /** Per request; the sidecar is local, so a slow answer means trouble. */
  timeoutMs?: number;
}

/** Dapr answers a failed ETag check with 409 (the store's own message in the body). */
const ETAG_CONFLICT = 409;
const FIRST_WRITE_REFUSED = /failed to set key/;

export class DaprStateStore implements StateStore {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(opts: DaprStateStoreOptions) {
    this.base = `http://${opts.daprHost ?? '127.0.0.1'}:${opts.daprHttpPort}/v1.0/state/${encodeURIComponent(opts.storeName)}`;
    this.headers = opts.daprApiToken ? { 'dapr-api-token': opts.daprApiToken } : {};
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  async get<T>(key: string): Promise<StateEntry<T> | undefined> {
    const res = await this.request('GET', `/${encodeURIComponent(key)}`);
    // 204: no such key.
    if (res.status === 204) return undefined;
    if (res.status !== 200) throw await failure('get', key, res);
    const etag = res.headers.get('etag');
    if (!etag) throw new Error(`state get ${key}: the store gave no ETag`);
    return { value: (await res.json()) as T, etag };
  }

  async save<T>(key: string, value: T, options: SaveOptions = {}): Promise<boolean> {
    const item = {
      key,
      value,
      ...(options.etag ? { etag: options.etag } : {}),
      options: { concurrency: 'first-write' },
      ...(options.ttlSeconds
        ? { metadata: { ttlInSeconds: String(Math.max(1, Math.ceil(options.ttlSeconds))) } }
        : {}),
    };
    const res = await this.request('POST', '', JSON.stringify([item]));
    if (res.status === 204) return true;
    if (res.status === ETAG_CONFLICT) return false;
    const error = await failure('save', key, res);
    // The redis store refuses a first write over an existing key with a plain error (its script's
    // "failed to set key"), not an ETag mismatch: it is the same lost race.
    if (!options.etag && FIRST_WRITE_REFUSED.test(error.message)) return false;
    throw error;
  }

  async delete(key: string, options: { etag?: string } = {}): Promise<boolean> {
    const res = await this.request(
      'DELETE',
      `/${encodeURIComponent(key)}`,
      undefined,
      options.etag ? { 'if-match': options.etag } : {},
    );
    if (res.status === 204) return true;
    if (res.status === ETAG_CONFLICT) return false;
    throw await failure('delete', key, res);
  }

  private async request(
    method: string,
    path: string,
    body?: string,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(this.base + path, {
      method,
      headers: {
        ...this.headers,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...extra,
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }
}

async function failure(op: string, key: string, res: Response): Promise<Error> {
  const text = await res.text().catch(() => '');
  return new Error(`state ${op} ${key}: sidecar answered ${res.status} ${text.slice(0, 300)}`);
}

/**
 * Read, change, write back under the ETag read; on a lost race, read again and retry (up to
 * `attempts` times). `change` gets the current value (undefined when absent) and returns the
 * new value and what to answer, or `undefined` to write nothing.
 */
export async function updateState<T, R>(
  store: StateStore,
  key: string,
  change: (current: T | undefined) => { value: T; result: R } | { result: R; value?: undefined },
  options: { ttlSeconds?: number; attempts?: number } = {},
): Promise<R> {
  const attempts = options.attempts ?? 10;
  for (let i = 0; i < attempts; i++) {
    const current = await store.get<T>(key);
    const next = change(current?.value);
    if (next.value === undefined) return next.result;
    const saved = await store.save(key, next.value, {
      etag: current?.etag,
      ttlSeconds: options.ttlSeconds,
    });
    if (saved) return next.result;
  }
  throw new Error(`state ${key}: still contended after ${attempts} attempts`);
}
