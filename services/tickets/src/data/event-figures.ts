import type { Ticket } from '@ticketing/contracts';
import { ORDERS, SortedList } from './on-sale-index';

/**
 * Per-event figures kept in memory from this service's own writes, like the listing's read model
 * (on-sale-index.ts): for each event its tickets on sale cheapest first, and how many are
 * reserved and sold. An event card or page costs a map lookup, never a scan of its tickets.
 */
type State = 'onSale' | 'reserved' | 'sold';

interface PerEvent {
  onSale: SortedList;
  reserved: number;
  sold: number;
}

export interface Figures {
  onSale: number;
  reserved: number;
  sold: number;
  cheapest: { price: number; currency: string } | null;
}

const stateOf = (t: Ticket & { deletedAt?: string | null }): State | undefined =>
  t.deletedAt ? undefined : t.status === 'available' ? 'onSale' : t.status;

const listed = ({
  deletedAt: _deletedAt,
  ownership: _ownership,
  ...ticket
}: Ticket & { deletedAt?: string | null }): Ticket => ticket;

export class EventFigures {
  private readonly tickets = new Map<string, { ticket: Ticket; state: State }>();
  private readonly events = new Map<string, PerEvent>();

  private of(eventId: string): PerEvent {
    let e = this.events.get(eventId);
    if (!e)
      this.events.set(
        eventId,
        (e = { onSale: new SortedList(ORDERS.price), reserved: 0, sold: 0 }),
      );
    return e;
  }

  /** Records the ticket's state after a write. */
  apply(ticket: Ticket & { deletedAt?: string | null }): void {
    const old = this.tickets.get(ticket.id);
    if (old) {
      const e = this.of(old.ticket.eventId);
      if (old.state === 'onSale') e.onSale.remove(old.ticket);
      else e[old.state]--;
      this.tickets.delete(ticket.id);
    }
    const state = stateOf(ticket);
    if (!state || !ticket.eventId) return;
    const plain = listed(ticket);
    const e = this.of(plain.eventId);
    if (state === 'onSale') e.onSale.add(plain);
    else e[state]++;
    this.tickets.set(plain.id, { ticket: plain, state });
  }

  /** Fills an empty model at once: one sort per event rather than one insertion per ticket. */
  load(tickets: Ticket[]): void {
    for (const t of tickets) {
      const state = stateOf(t);
      if (!state || !t.eventId) continue;
      const e = this.of(t.eventId);
      if (state === 'onSale') e.onSale.items.push(t);
      else e[state]++;
      this.tickets.set(t.id, { ticket: t, state });
    }
    for (const e of this.events.values()) e.onSale.items.sort(e.onSale.cmp);
  }

  figures(eventId: string): Figures {
    const e = this.events.get(eventId);
    const first = e?.onSale.items[0];
    return {
      onSale: e?.onSale.items.length ?? 0,
      reserved: e?.reserved ?? 0,
      sold: e?.sold ?? 0,
      cheapest: first ? { price: first.price, currency: first.currency } : null,
    };
  }

  /** A page of the event's tickets on sale, cheapest first. */
  listings(eventId: string, page: number, limit: number): { items: Ticket[]; total: number } {
    const items = this.events.get(eventId)?.onSale.items ?? [];
    const skip = (page - 1) * limit;
    return { items: items.slice(skip, skip + limit), total: items.length };
  }
}
