/**
 * How many purchase requests the orders path can take at once within its latency budget,
 * learnt from what it does (AIMD, as TCP does with its window):
 *
 * - every window, when the slowest 5 % of the window's answers came back within the budget and
 *   the limit was actually reached (so the answers say something about it), the limit grows by
 *   `step`;
 * - when they did not, or an answer was a 5xx or never came, it shrinks by `backoff` (once per
 *   window, so one slow burst is not punished many times over).
 */
export interface CapacityOptions {
  budgetMs: number;
  initial: number;
  min: number;
  max: number;
  windowMs?: number;
  step?: number;
  backoff?: number;
}

export class Capacity {
  private limitValue: number;
  private inFlightValue = 0;
  private windowStart: number;
  private samples: number[] = [];
  private failed = 0;
  private reservedValue = 0;
  private peak = 0;
  private answered = 0;
  private meanMs: number;
  private readonly windowMs: number;
  private readonly step: number;
  private readonly backoff: number;

  constructor(
    private readonly opts: CapacityOptions,
    now: number,
  ) {
    this.limitValue = Math.min(opts.max, Math.max(opts.min, opts.initial));
    this.windowStart = now;
    this.meanMs = opts.budgetMs;
    this.windowMs = opts.windowMs ?? 250;
    this.step = opts.step ?? 1;
    this.backoff = opts.backoff ?? 0.7;
  }

  /** Whole requests that may be in flight now. */
  get limit(): number {
    return Math.floor(this.limitValue);
  }
  get inFlight(): number {
    return this.inFlightValue;
  }
  /** Slots held for admitted buyers who have not used their pass yet. */
  get reserved(): number {
    return this.reservedValue;
  }
  /** Requests in flight plus slots held: what admission compares with the limit. */
  get occupied(): number {
    return this.inFlightValue + this.reservedValue;
  }
  /** Whether one more buyer may go through now. */
  get hasRoom(): boolean {
    return this.occupied < this.limit;
  }
  /** Mean latency of recent answers, for estimates (the budget until there are any). */
  get meanLatencyMs(): number {
    return this.meanMs;
  }

  /** Holds a slot for a buyer just admitted; `release` gives it back (used, or never claimed). */
  reserve(): void {
    this.reservedValue++;
    this.peak = Math.max(this.peak, this.occupied);
  }
  release(): void {
    this.reservedValue = Math.max(0, this.reservedValue - 1);
  }

  started(): void {
    this.inFlightValue++;
    this.peak = Math.max(this.peak, this.occupied);
  }

  /** One purchase request answered (`status` 0: it never was) after `latencyMs`. */
  finished(latencyMs: number, status: number, now: number): void {
    this.inFlightValue = Math.max(0, this.inFlightValue - 1);
    this.samples.push(latencyMs);
    if (status === 0 || status >= 500) this.failed++;
    // A running mean over roughly the last 50 answers.
    this.answered = Math.min(this.answered + 1, 50);
    this.meanMs += (latencyMs - this.meanMs) / this.answered;
    this.tick(now);
  }

  /** Closes the window when it is over; called on every answer and by the room's timer. */
  tick(now: number): void {
    if (now - this.windowStart < this.windowMs) return;
    if (this.samples.length > 0) {
      this.samples.sort((a, b) => a - b);
      const p95 =
        this.samples[Math.min(this.samples.length - 1, Math.floor(this.samples.length * 0.95))]!;
      if (this.failed > 0 || p95 > this.opts.budgetMs) {
        this.limitValue = Math.max(this.opts.min, this.limitValue * this.backoff);
      } else if (this.peak >= this.limit) {
        this.limitValue = Math.min(this.opts.max, this.limitValue + this.step);
      }
    }
    this.samples = [];
    this.failed = 0;
    this.peak = this.occupied;
    this.windowStart = now;
  }
}
