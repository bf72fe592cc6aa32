import { performance } from 'node:perf_hooks';
import type { Taken } from '../domain/reservations';

/**
 * Tickets this process saw taken in the last moment, so the losers of a flash sale are turned
 * away without a database round trip. It only ever refuses: every win is still decided by the
 * conditional update on the replica. This process forgets a ticket when it frees it; another
 * process may refuse a freed ticket for at most `ttlMs`.
 */
export class TakenTickets {
  /** Insertion order is expiry order (an entry is re-inserted when renewed), so pruning stops early. */
  private readonly entries = new Map<string, { taken: Taken; until: number }>();

  constructor(
    private readonly ttlMs = 1_000,
    // Wall time, not the domain's clock: this is a cache, not a rule of the business.
    private readonly clock: () => number = () => performance.now(),
  ) {}

  remember(ticketId: string, taken: Taken): void {
    const now = this.clock();
    this.prune(now);
    this.entries.delete(ticketId);
    this.entries.set(ticketId, { taken, until: now + this.ttlMs });
  }

  /** How the ticket was taken when last seen, if that was less than `ttlMs` ago. */
  lookup(ticketId: string): Taken | undefined {
    const entry = this.entries.get(ticketId);
    if (!entry) return undefined;
    if (entry.until > this.clock()) return entry.taken;
    this.entries.delete(ticketId);
    return undefined;
  }

  forget(ticketId: string): void {
    this.entries.delete(ticketId);
  }

  private prune(now: number): void {
    for (const [ticketId, { until }] of this.entries) {
      if (until > now) return;
      this.entries.delete(ticketId);
    }
  }
}
