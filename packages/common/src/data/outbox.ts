import { Schema, type Model } from 'mongoose';
import type { Logger } from 'pino';
import type { EventPublisher } from '../events/bus';
import type { EventOf, Topic } from '@ticketing/contracts';
import { newEventId } from '../runtime/op-stats';
import { currentTrace, withTrace } from '../tracing/trace-context';

/**
 * Transactional outbox without transactions: an aggregate's events are pushed onto an `outbox`
 * array in the same single-document write that changes its state, so a crash can never separate
 * the two. The relay publishes pending entries in order and pulls each one once the sidecar
 * accepted it; after a crash it finds the leftovers on its next sweep.
 */
export interface OutboxEntry {
  eventId: string;
  topic: Topic;
  data: unknown;
  /**
   * The trace of the request or event that wrote it, passed on when the relay publishes, so
   * the subscribers' spans join that trace although publishing happens later.
   */
  traceparent?: string;
}

export const outboxField = {
  type: [
    new Schema(
      { eventId: String, topic: String, data: Schema.Types.Mixed, traceparent: String },
      { _id: false },
    ),
  ],
  default: [],
};

export function outboxEntry<T extends Topic>(
  topic: T,
  data: Omit<EventOf<T>, 'eventId'>,
): OutboxEntry {
  const eventId = newEventId();
  const entry: OutboxEntry = { eventId, topic, data: { ...data, eventId } };
  const trace = currentTrace();
  if (trace) entry.traceparent = trace.traceparent;
  return entry;
}

export interface OutboxRelayOptions {
  // Any aggregate model with an `outbox` array; the relay reads nothing else of it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>;
  publisher: EventPublisher;
  logger: Logger;
  sweepIntervalMs?: number;
  /** Test hook: lets a test stop between the write and the publish. */
  beforePublish?: (entry: OutboxEntry) => Promise<void>;
}

const DRAIN_PARALLELISM = 32;

export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  /** Documents written since the last drain, by id: drained by `_id`, without a scan. */
  private readonly dirty = new Map<string, unknown>();
  private sweepWanted = true;

  constructor(private readonly opts: OutboxRelayOptions) {}

  /**
   * Sweeps once at start (entries left by a crash) and then on a slow timer as a safety net;
   * between sweeps, writers name the documents they wrote with `kick(id)`. A sweep scans the
   * collection (FerretDB cannot index `outbox.0`), so it must not run on every write.
   */
  start(): void {
    this.stopped = false;
    const every = this.opts.sweepIntervalMs ?? 30_000;
    this.timer = setInterval(() => this.kick(), every);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
  }

  /**
   * Asks for a drain now; coalesces with one already running. With an id, only that document
   * is drained; without, the whole collection is swept.
   */
  kick(id?: unknown): void {
    if (this.stopped) return;
    if (id === undefined) this.sweepWanted = true;
    else this.dirty.set(String(id), id);
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err) => {
        this.opts.logger.warn({ err }, 'outbox drain failed; will retry');
        // Whatever is still marked is retried shortly, not only at the next sweep.
        setTimeout(() => this.kick(), 1000).unref();
      })
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick(
            ...(this.sweepWanted ? [] : [this.dirty.keys().next().value]).filter(
              (x) => x !== undefined,
            ),
          );
        }
      });
  }

  /** Publishes every pending entry of the marked documents, then sweeps if asked to. */
  async drain(): Promise<void> {
    const { model } = this.opts;
    while (this.dirty.size > 0) {
      // Documents are independent, so several drain at once (each one's entries stay in
      // order): one at a time, a relay publishing for a flash sale fell tens of seconds behind.
      const batch = [...this.dirty.entries()].slice(0, DRAIN_PARALLELISM);
      // Unmarked before reading: a write kicked while its document drains marks it again.
      for (const [key] of batch) this.dirty.delete(key);
      const results = await Promise.allSettled(
        batch.map(async ([key, id]) => {
          try {
            const doc = await model
              .findById(id, { outbox: 1 })
              .lean<{ _id: unknown; outbox?: OutboxEntry[] }>();
            if (doc?.outbox?.length)
              await this.publishAll(doc as { _id: unknown; outbox: OutboxEntry[] });
          } catch (err) {
            this.dirty.set(key, id);
            throw err;
          }
        }),
      );
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    if (!this.sweepWanted) return;
    this.sweepWanted = false;
    for (;;) {
      const docs = await model
        .find({ 'outbox.0': { $exists: true } }, { outbox: 1 })
        .limit(100)
        .lean<{ _id: unknown; outbox: OutboxEntry[] }[]>();
      if (docs.length === 0) return;
      for (const doc of docs) await this.publishAll(doc);
    }
  }

  private async publishAll(doc: { _id: unknown; outbox: OutboxEntry[] }): Promise<void> {
    const { model, publisher } = this.opts;
    for (const entry of doc.outbox) {
      await this.opts.beforePublish?.(entry);
      crashIfArmed(entry);
      await withTrace(entry.traceparent, () =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- topic and data were validated when written
        publisher.publish(entry.topic, entry.data as any),
      );
      // Pull by the whole stored value: FerretDB 1.x ignores $pull with a sub-condition.
      await model.updateOne({ _id: doc._id }, { $pull: { outbox: entry } });
    }
  }
}

/**
 * Fault injection for the system tests: with TEST_CRASH_BEFORE_PUBLISH=<topic> the process
 * kills itself after the write and before publishing an event of that topic, as a crash would.
 * Refused in production.
 */
function crashIfArmed(entry: OutboxEntry): void {
  const topic = process.env.TEST_CRASH_BEFORE_PUBLISH;
  if (!topic || topic !== entry.topic || process.env.NODE_ENV === 'production') return;
  process.kill(process.pid, 'SIGKILL');
}
