import type { Notification } from '@ticketing/contracts';
import type { Inbox, NewNotification } from '../domain/inbox';

/** A user's notifications as one value of the state store. */
interface Stored {
  items: Notification[];
}

export interface StateInboxOptions {
  /** The sidecar's HTTP API, e.g. http://127.0.0.1:3503. */
  daprUrl: string;
  storeName: string;
  daprApiToken?: string;
  /** The newest kept per user. */
  keep?: number;
}

/** An ETag mismatch: someone wrote the key since we read it. */
class StaleWrite extends Error {}

const ATTEMPTS = 20;

/**
 * Notifications in a Dapr state store through the sidecar's state API (not MongoDB): one key per
 * user holding their newest notifications. Every change is read, change, write with the ETag read
 * (first-write concurrency); a write that lost to another starts again from a fresh read. A first
 * write (no key yet) carries no ETag, and first-write makes the store refuse it when a racer
 * created the key meanwhile.
 */
export class StateInbox implements Inbox {
  private readonly keep: number;
  /** Writes of this process to one key queue here, so they do not lose to each other. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly opts: StateInboxOptions) {
    this.keep = opts.keep ?? 100;
  }

  async add(userId: string, n: NewNotification): Promise<void> {
    await this.change(userId, (items) => {
      if (items.some((i) => i.id === n.id)) return undefined;
      const added: Notification = { ...n, createdAt: n.createdAt.toISOString(), read: false };
      return [added, ...items]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, this.keep);
    });
  }

  async list(userId: string): Promise<Notification[]> {
    return (await this.read(userId)).value.items;
  }

  async markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    const wanted = ids === 'all' ? undefined : new Set(ids);
    const items = await this.change(userId, (current) => {
      const touched = current.filter((i) => !i.read && (!wanted || wanted.has(i.id)));
      if (touched.length === 0) return undefined;
      return current.map((i) => (touched.includes(i) ? { ...i, read: true } : i));
    });
    return items.filter((i) => !i.read).length;
  }

  private key(userId: string): string {
    return `notifications-${userId}`;
  }

  private headers(json = false): Record<string, string> {
    return {
      ...(this.opts.daprApiToken ? { 'dapr-api-token': this.opts.daprApiToken } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  private url(suffix = ''): string {
    return `${this.opts.daprUrl}/v1.0/state/${encodeURIComponent(this.opts.storeName)}${suffix}`;
  }

  private async read(userId: string): Promise<{ value: Stored; etag: string | undefined }> {
    const res = await fetch(this.url(`/${encodeURIComponent(this.key(userId))}`), {
      headers: this.headers(),
    });
    if (res.status === 204) return { value: { items: [] }, etag: undefined };
    if (res.status !== 200) {
      throw new Error(`state read ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    const value = (await res.json()) as Stored;
    return { value: { items: value?.items ?? [] }, etag: res.headers.get('etag') ?? undefined };
  }

  private async write(userId: string, value: Stored, etag: string | undefined): Promise<void> {
    const res = await fetch(this.url(), {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify([
        {
          key: this.key(userId),
          value,
          ...(etag !== undefined ? { etag } : {}),
          options: { concurrency: 'first-write', consistency: 'strong' },
        },
      ]),
    });
    if (res.status === 204 || res.status === 200) return;
    const text = await res.text();
    // Dapr answers 409 for an ETag mismatch; some stores report a lost insert race as an error.
    if (res.status === 409 || /etag|exists|duplicate|unique/i.test(text)) throw new StaleWrite();
    throw new Error(`state write ${res.status}: ${text.slice(0, 300)}`);
  }

  /** Read, change, write with the ETag; again from a fresh read while another writer won. */
  private change(
    userId: string,
    edit: (items: Notification[]) => Notification[] | undefined,
  ): Promise<Notification[]> {
    const key = this.key(userId);
    const run = async () => {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const { value, etag } = await this.read(userId);
        const next = edit(value.items);
        if (!next) return value.items;
        try {
          await this.write(userId, { items: next }, etag);
          return next;
        } catch (err) {
          if (!(err instanceof StaleWrite)) throw err;
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        }
      }
      throw new Error(`notifications of ${userId} kept changing under us`);
    };
    const prev = this.queues.get(key) ?? Promise.resolve();
    const mine = prev.catch(() => undefined).then(run);
    this.queues.set(key, mine);
    void mine
      .finally(() => {
        if (this.queues.get(key) === mine) this.queues.delete(key);
      })
      .catch(() => undefined);
    return mine;
  }
}
