import type { EventRecord } from '../domain/event-record';

/**
 * The events in memory, soonest first, kept from this service's own writes (like the listing's
 * read model). Events are few beside tickets (one per show), so a filtered page walks them.
 */
const byStart = (a: EventRecord, b: EventRecord) =>
  a.startsAt < b.startsAt
    ? -1
    : a.startsAt > b.startsAt
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;

export interface EventCriteria {
  text?: string;
  category?: string;
  startsAfter: Date;
}

export class EventCatalog {
  private readonly byId = new Map<string, EventRecord>();
  private sorted: EventRecord[] = [];

  load(events: EventRecord[]): void {
    for (const e of events) this.byId.set(e.id, e);
    this.sorted = [...this.byId.values()].sort(byStart);
  }

  get(id: string): EventRecord | undefined {
    return this.byId.get(id);
  }

  apply(event: EventRecord): void {
    const old = this.byId.get(event.id);
    if (old) this.sorted.splice(this.indexOf(old), 1);
    this.byId.set(event.id, event);
    this.sorted.splice(this.indexOf(event), 0, event);
  }

  private indexOf(e: EventRecord): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byStart(this.sorted[mid]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  cancelledIds(): string[] {
    return this.sorted.filter((e) => e.status === 'cancelled').map((e) => e.id);
  }

  page(c: EventCriteria, page: number, limit: number): { items: EventRecord[]; total: number } {
    const after = c.startsAfter.toISOString();
    const text = c.text?.toLowerCase();
    const skip = (page - 1) * limit;
    const items: EventRecord[] = [];
    let total = 0;
    // Started events are all before this point in start order.
    const first = this.indexOf({ startsAt: after, id: '\uffff' } as EventRecord);
    for (let i = first; i < this.sorted.length; i++) {
      const e = this.sorted[i]!;
      if (e.status !== 'scheduled') continue;
      if (c.category && e.category !== c.category) continue;
      if (text && !e.title.toLowerCase().includes(text) && !e.venue.toLowerCase().includes(text))
        continue;
      if (total >= skip && items.length < limit) items.push(e);
      total++;
    }
    return { items, total };
  }
}
