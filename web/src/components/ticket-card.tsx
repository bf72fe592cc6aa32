import Link from 'next/link';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { Ticket } from '@/lib/types';

export function TicketCard({ ticket }: { ticket: Ticket }) {
  return (
    <li
      className="card relative flex flex-col p-4 transition-shadow focus-within:shadow-md hover:shadow-md"
      data-testid="ticket-card"
    >
      <div className="flex items-start justify-between gap-3">
        <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">
          {categoryLabel(ticket.category)}
        </span>
        <span className="text-lg font-bold text-slate-900">
          {formatMoney(ticket.price, ticket.currency)}
        </span>
      </div>
      <h2 className="mt-2 text-base font-semibold leading-snug">
        {/* The whole card is the link's click target; the title is its text. */}
        <Link
          href={`/tickets/${ticket.id}`}
          className="after:absolute after:inset-0 hover:underline"
        >
          {ticket.title}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-slate-700">{ticket.venue}</p>
      <p className="mt-auto pt-2 text-sm text-slate-600">
        <time dateTime={ticket.startsAt}>{formatDate(ticket.startsAt)}</time>
      </p>
    </li>
  );
}
