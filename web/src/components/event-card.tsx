import Link from 'next/link';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { EventSummary } from '@/lib/types';

/** "from $X · N left", or "Sold out" (with "· M wanted" when people wait for it). */
export function availabilityText(e: EventSummary, wanted = 0): string {
  if (e.soldOut || !e.cheapest) return wanted > 0 ? `Sold out · ${wanted} wanted` : 'Sold out';
  return `from ${formatMoney(e.cheapest.price, e.cheapest.currency)} · ${e.counts.onSale} left`;
}

export function EventCard({ event, wanted }: { event: EventSummary; wanted?: number }) {
  return (
    <li
      className="card relative flex flex-col p-4 transition-shadow focus-within:shadow-md hover:shadow-md"
      data-testid="event-card"
    >
      <span className="self-start rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">
        {categoryLabel(event.category)}
      </span>
      <h2 className="mt-2 text-base font-semibold leading-snug">
        <Link href={`/events/${event.id}`} className="after:absolute after:inset-0 hover:underline">
          {event.title}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-slate-700">{event.venue}</p>
      <p className="text-sm text-slate-600">
        <time dateTime={event.startsAt}>{formatDate(event.startsAt)}</time>
      </p>
      <p
        className={`mt-auto pt-3 text-sm font-semibold ${event.soldOut ? 'text-slate-600' : 'text-green-800'}`}
        data-testid="availability"
      >
        {availabilityText(event, wanted)}
      </p>
    </li>
  );
}
