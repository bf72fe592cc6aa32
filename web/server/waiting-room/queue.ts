import { randomBytes } from 'node:crypto';

/** One buyer in the room, from arrival until their pass expires. */
export interface Waiter {
  id: string;
  holder: string;
  arrivedAt: number;
  /** This replica's arrival number (1, 2, ...); buyers adopted from another replica get one too. */
  arrival: number;
  /** 1-based place among those still waiting, as of the last `refresh`. */
  position: number;
  lastSeen: number;
  /** Open live-update streams; a buyer with none and not seen for a while has left. */
  watchers: number;
  admitted?: { admission: number; at: number; passExpiresAt: number };
}

/**
 * First in, first out: buyers wait in arrival order and leave from the head. A buyer who joins
 * twice (same credential) keeps their first place. Entries carry their own arrival time, so a
 * ticket made by another replica (or before a restart) is put back where it belongs.
 */
export class WaitingQueue {
  private waiting: Waiter[] = [];
  private head = 0;
  private readonly byId = new Map<string, Waiter>();
  private readonly byHolder = new Map<string, Waiter>();
  /** Admitted buyers already forgotten: their ticket must not buy a second turn. */
  private readonly spent = new Map<string, number>();
  private arrivals = 0;
  private admissions = 0;

  get length(): number {
    return this.waiting.length - this.head;
  }
  get arrived(): number {
    return this.arrivals;
  }
  get admitted(): number {
    return this.admissions;
  }

  get(id: string): Waiter | undefined {
    return this.byId.get(id);
  }

  /** The holder's place, new or kept. */
  join(holder: string, now: number): Waiter {
    const known = this.byHolder.get(holder);
    if (known) {
      known.lastSeen = now;
      return known;
    }
    const w = this.entry(randomBytes(12).toString('base64url'), holder, now, now);
    this.waiting.push(w);
    w.position = this.length;
    return w;
  }

  /**
   * A signed ticket this replica does not know: back in the line at its arrival time. None for
   * a ticket whose turn here has come and gone.
   */
  adopt(id: string, holder: string, arrivedAt: number, now: number): Waiter | undefined {
    const known = this.byId.get(id) ?? this.byHolder.get(holder);
    if (known) return known;
    if (this.spent.has(id)) return undefined;
    const w = this.entry(id, holder, arrivedAt, now);
    let lo = this.head;
    let hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.waiting[mid]!.arrivedAt <= arrivedAt) lo = mid + 1;
      else hi = mid;
    }
    this.waiting.splice(lo, 0, w);
    w.position = lo - this.head + 1;
    return w;
  }

  /**
   * Takes the next buyer still present from the head and marks them admitted. Buyers who have
   * no live stream and have not been seen for `idleMs` have left; they are dropped on the way.
   */
  admitNext(now: number, idleMs: number, passTtlMs: number): Waiter | undefined {
    while (this.head < this.waiting.length) {
      const w = this.waiting[this.head]!;
      this.waiting[this.head++] = undefined as unknown as Waiter;
      if (w.watchers === 0 && now - w.lastSeen > idleMs) {
        this.forget(w);
        continue;
      }
      w.admitted = { admission: ++this.admissions, at: now, passExpiresAt: now + passTtlMs };
      w.position = 0;
      this.compact();
      return w;
    }
    this.compact();
    return undefined;
  }

  /** Recomputes every waiting buyer's position; returns those whose position changed. */
  refresh(): Waiter[] {
    const changed: Waiter[] = [];
    for (let i = this.head; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      const position = i - this.head + 1;
      if (w.position !== position) {
        w.position = position;
        changed.push(w);
      }
    }
    return changed;
  }

  /**
   * Forgets admitted buyers whose pass has expired (a later visit joins again), and spent
   * tickets older than `ticketTtlMs` (tickets are refused after that anyway).
   */
  sweep(now: number, ticketTtlMs: number): void {
    for (const w of this.byId.values()) {
      if (w.admitted && w.admitted.passExpiresAt <= now) {
        this.forget(w);
        this.spent.set(w.id, w.arrivedAt);
      }
    }
    for (const [id, arrivedAt] of this.spent) {
      if (now - arrivedAt > ticketTtlMs) this.spent.delete(id);
    }
  }

  private entry(id: string, holder: string, arrivedAt: number, now: number): Waiter {
    const w: Waiter = {
      id,
      holder,
      arrivedAt,
      arrival: ++this.arrivals,
      position: 0,
      lastSeen: now,
      watchers: 0,
    };
    this.byId.set(id, w);
    this.byHolder.set(holder, w);
    return w;
  }

  private forget(w: Waiter): void {
    this.byId.delete(w.id);
    if (this.byHolder.get(w.holder) === w) this.byHolder.delete(w.holder);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }
}
