import { randomBytes } from 'node:crypto';
import type { Express } from 'express';

/**
 * What this process did, counted where it happens, for the benches (`GET /debug/ops`, behind the
 * app token): every database write (one per command sent to the store), every event published,
 * every sidecar call that writes (a reminder), and latencies only the service can see (how long
 * an event took from the write that caused it to its handler, how late an expiry landed).
 * Counting is a map increment; the benches read and reset it, nothing else does.
 */
const MAX_SAMPLES = 200_000;

class Samples {
  private values: number[] = [];
  count = 0;

  add(ms: number): void {
    this.count++;
    if (this.values.length < MAX_SAMPLES) this.values.push(ms);
  }

  summary() {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      count: this.count,
      p50ms: round(at(0.5)),
      p95ms: round(at(0.95)),
      p99ms: round(at(0.99)),
      maxms: round(sorted.at(-1) ?? 0),
    };
  }
}

const writes = new Map<string, number>();
const published = new Map<string, number>();
const sidecarWrites = new Map<string, number>();
const timings = new Map<string, Samples>();

const bump = (map: Map<string, number>, key: string, n = 1) =>
  map.set(key, (map.get(key) ?? 0) + n);

export const opStats = {
  /** One write command (insert, update, delete, findAndModify) on `collection`. */
  write(collection: string, command: string): void {
    bump(writes, `${collection}.${command}`);
  },
  published(topic: string, n = 1): void {
    bump(published, topic, n);
  },
  /** A write the sidecar makes for us (a reminder in the scheduler). */
  sidecarWrite(what: string): void {
    bump(sidecarWrites, what);
  },
  timing(name: string, ms: number): void {
    let s = timings.get(name);
    if (!s) timings.set(name, (s = new Samples()));
    s.add(ms);
  },
  snapshot() {
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    return {
      dbWrites: sum(writes),
      events: sum(published),
      sidecarWrites: sum(sidecarWrites),
      writes: Object.fromEntries(writes),
      published: Object.fromEntries(published),
      sidecar: Object.fromEntries(sidecarWrites),
      timings: Object.fromEntries([...timings].map(([k, s]) => [k, s.summary()])),
    };
  },
  reset(): void {
    writes.clear();
    published.clear();
    sidecarWrites.clear();
    timings.clear();
  },
};

/** The debug routes; mounted after the app-token check, so only the sidecar's callers see them. */
export function mountOpStats(app: Express): void {
  app.get('/debug/ops', (_req, res) => {
    res.json(opStats.snapshot());
  });
  app.delete('/debug/ops', (_req, res) => {
    opStats.reset();
    res.status(204).end();
  });
}

/**
 * An event id that carries the time it was made (a UUIDv7: 48 bits of Unix milliseconds first),
 * so a consumer can tell how long the event took to reach it.
 */
export function newEventId(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** When an id made by newEventId was made; undefined for any other id. */
export function eventIdTime(id: string): number | undefined {
  if (id.length !== 36 || id[14] !== '7') return undefined;
  const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  return Number.isFinite(ms) ? ms : undefined;
}
