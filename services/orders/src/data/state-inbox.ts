import { updateState, type StateStore } from '@ticketing/common';
import type { Notification } from '@ticketing/contracts';
import type { Inbox, NewNotification } from '../domain/inbox';

/** A user's notifications as one value of the state store. */
interface Stored {
  items: Notification[];
}

/** Writes lost to another writer are retried from a fresh read this many times. */
const ATTEMPTS = 20;

/**
 * Notifications in a Dapr state store through the sidecar's state API (not MongoDB): one key per
 * user holding their newest notifications. Every change is read, change, write under the ETag
 * read (first-write concurrency; a first write only creates the key), again from a fresh read
 * when another writer won (`updateState`). Writes of this process to one key also queue here,
 * so they do not race each other.
 */
export class StateInbox implements Inbox {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: StateStore,
    /** The newest kept per user. */
    private readonly keep = 100,
  ) {}

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
    return (await this.store.get<Stored>(key(userId)))?.value.items ?? [];
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

  /** Applies `edit` (undefined: nothing to write) and returns the items as they are after. */
  private change(
    userId: string,
    edit: (items: Notification[]) => Notification[] | undefined,
  ): Promise<Notification[]> {
    const k = key(userId);
    const run = () =>
      updateState<Stored, Notification[]>(
        this.store,
        k,
        (current) => {
          const items = current?.items ?? [];
          const next = edit(items);
          return next ? { value: { items: next }, result: next } : { result: items };
        },
        { attempts: ATTEMPTS },
      );
    const mine = (this.queues.get(k) ?? Promise.resolve()).catch(() => undefined).then(run);
    this.queues.set(k, mine);
    void mine
      .finally(() => {
        if (this.queues.get(k) === mine) this.queues.delete(k);
      })
      .catch(() => undefined);
    return mine;
  }
}

const key = (userId: string) => `notifications-${userId}`;
