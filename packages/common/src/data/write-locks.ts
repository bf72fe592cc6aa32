import { AsyncLocalStorage } from 'node:async_hooks';
import type { Schema } from 'mongoose';

/**
 * FerretDB 1.x applies an update by reading the document, changing it in Go and writing the
 * whole document back, with nothing in between to stop a concurrent writer (FerretDB issue
 * #3040): two conditional updates can both "win" and one `$inc` can erase another. Real
 * MongoDB does each single-document update atomically. Every service owns its database and
 * writes it from one process, so serialising that process's writes per document makes the
 * same code correct on both: a write that names one `_id` waits only for writes to that
 * document; any other write waits for, and holds off, every write to its collection.
 */
type Release = () => void;

class CollectionLock {
  private exclusiveTail: Promise<void> = Promise.resolve();
  private readonly shared = new Set<Promise<void>>();
  private readonly docTails = new Map<string, Promise<void>>();

  async lockDocument(id: string): Promise<Release> {
    let release!: Release;
    const done = new Promise<void>((r) => (release = r));
    this.shared.add(done);
    const previousDoc = this.docTails.get(id) ?? Promise.resolve();
    this.docTails.set(id, done);
    await Promise.all([this.exclusiveTail, previousDoc]);
    return () => {
      this.shared.delete(done);
      if (this.docTails.get(id) === done) this.docTails.delete(id);
      release();
    };
  }

  async lockCollection(): Promise<Release> {
    let release!: Release;
    const done = new Promise<void>((r) => (release = r));
    const waitFor = [this.exclusiveTail, ...this.shared];
    this.exclusiveTail = done;
    await Promise.all(waitFor);
    return release;
  }
}

const locks = new Map<string, CollectionLock>();
function lockFor(collection: string): CollectionLock {
  let lock = locks.get(collection);
  if (!lock) locks.set(collection, (lock = new CollectionLock()));
  return lock;
}

/** The single document a filter pins down by `_id`, if it does. */
function singleId(filter: Record<string, unknown>): string | undefined {
  const id = filter?._id;
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'object' && !('toHexString' in (id as object))) return undefined; // {$in: ...}
  return String(id);
}

/** Document locks held by the current async call chain (withDocumentLock is re-entrant). */
const held = new AsyncLocalStorage<Set<string>>();
const noop: Release = () => {};

export function acquireWriteLock(
  collection: string,
  filter: Record<string, unknown>,
): Promise<Release> {
  const id = singleId(filter);
  const mine = held.getStore();
  if (id !== undefined && mine?.has(`${collection}:${id}`)) return Promise.resolve(noop);
  if (id === undefined && [...(mine ?? [])].some((k) => k.startsWith(`${collection}:`))) {
    throw new Error(
      `a collection-wide write on ${collection} inside withDocumentLock would deadlock`,
    );
  }
  const lock = lockFor(collection);
  return id === undefined ? lock.lockCollection() : lock.lockDocument(id);
}

/**
 * Runs `fn` holding the write lock of one document, for read-then-write sequences; writes to
 * that document inside `fn` pass straight through.
 */
export async function withDocumentLock<T>(
  collection: string,
  id: unknown,
  fn: () => Promise<T>,
): Promise<T> {
  const key = `${collection}:${String(id)}`;
  if (held.getStore()?.has(key)) return fn();
  const release = await lockFor(collection).lockDocument(String(id));
  try {
    return await held.run(new Set([...(held.getStore() ?? []), key]), fn);
  } finally {
    release();
  }
}

/** Off until connectMongo turns them on: real MongoDB needs none (decision 004). */
let writeLocksOn = false;
export function useWriteLocks(on: boolean): void {
  writeLocksOn = on;
}

const WRITES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];

const RELEASE = Symbol('writeLockRelease');
interface LockedQuery {
  [RELEASE]?: Release;
  getFilter(): Record<string, unknown>;
  mongooseCollection: { name: string };
}

function releaseOf(query: LockedQuery): void {
  query[RELEASE]?.();
  query[RELEASE] = undefined;
}

/**
 * Mongoose plugin: every update and delete query holds its write lock until it finishes, once
 * `useWriteLocks(true)` (connectMongo's `writeLocks`) turned them on.
 */
export function serializeWrites(schema: Schema): void {
  // Mongoose's overloads do not cover a list of query hooks with a typed `this`; the hooks
  // only touch the members declared in LockedQuery.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const hooks = schema as any;
  hooks.pre(WRITES, { query: true, document: false }, async function (this: LockedQuery) {
    if (!writeLocksOn) return;
    this[RELEASE] = await acquireWriteLock(this.mongooseCollection.name, this.getFilter());
  });
  hooks.post(WRITES, { query: true, document: false }, function (this: LockedQuery) {
    releaseOf(this);
  });
  hooks.post(
    WRITES,
    { query: true, document: false },
    function (this: LockedQuery, err: unknown, _res: unknown, next: (e?: unknown) => void) {
      releaseOf(this);
      next(err);
    },
  );
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
