import type { Metadata } from 'next';
import Link from 'next/link';
import { PageError } from '@/components/page-error';
import { ResaleControls } from '@/components/resale-controls';
import { WantedDemandPrompt } from '@/components/wanted-demand';
import { apiGet, requireUser } from '@/lib/api';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { Payout, Ticket } from '@/lib/types';

export const metadata: Metadata = { title: 'My tickets' };

/** Tickets the visitor holds, with Resell and Withdraw, and what they are owed for resales. */
export default async function MyTicketsPage() {
  await requireUser('/my-tickets');
  const [held, payouts] = await Promise.all([
    apiGet<{ items: Ticket[] }>('/api/tickets/mine'),
    apiGet<{ items: Payout[] }>('/api/tickets/payouts'),
  ]);
  if (!held.ok) return <PageError title="Your tickets could not be loaded" errors={held.errors} />;
  const now = Date.now();

  return (
    <div className="space-y-8">
      <section className="space-y-4" aria-labelledby="held-heading">
        <h1 id="held-heading" className="text-2xl font-bold">
          My tickets
        </h1>
        <WantedDemandPrompt />
        {held.data.items.length === 0 ? (
          <div className="card p-8 text-center">
            <p className="text-lg font-semibold">You hold no tickets yet</p>
            <p className="mt-1 text-slate-700">Tickets you buy appear here once paid.</p>
            <p className="mt-4">
              <Link href="/" className="btn-primary">
                Find tickets
              </Link>
            </p>
          </div>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {held.data.items.map((t) => (
              <li key={t.id} className="card overflow-hidden" data-testid="held-ticket">
                <div className="bg-brand-700 px-4 py-3 text-white">
                  <p className="text-xs font-semibold uppercase tracking-wide text-brand-100">
                    {categoryLabel(t.category)}
                  </p>
                  <h2 className="text-lg font-semibold">
                    <Link href={`/events/${t.eventId}`} className="hover:underline">
                      {t.title}
                    </Link>
                  </h2>
                </div>
                <dl className="grid grid-cols-2 gap-2 px-4 py-3 text-sm">
                  <dt className="text-slate-600">Venue</dt>
                  <dd>{t.venue}</dd>
                  <dt className="text-slate-600">When</dt>
                  <dd>
                    <time dateTime={t.startsAt}>{formatDate(t.startsAt)}</time>
                  </dd>
                  <dt className="text-slate-600">Face value</dt>
                  <dd>{formatMoney(t.faceValue, t.currency)}</dd>
                  <dt className="text-slate-600">Ticket</dt>
                  <dd className="truncate font-mono text-xs leading-5">
                    <Link href={`/tickets/${t.id}`} className="link">
                      {t.id}
                    </Link>
                  </dd>
                </dl>
                <div className="border-t border-slate-200 px-4 py-3">
                  {Date.parse(t.startsAt) > now ? (
                    <ResaleControls ticket={t} />
                  ) : (
                    <p className="text-sm text-slate-700">The event has started.</p>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="space-y-3" aria-labelledby="payouts-heading">
        <h2 id="payouts-heading" className="text-xl font-bold">
          Resales and payouts
        </h2>
        {!payouts.ok ? (
          <p className="text-sm text-red-800">Your payouts could not be loaded.</p>
        ) : payouts.data.items.length === 0 ? (
          <p className="text-slate-700">
            Tickets you resell show here once sold, with what you are owed.
          </p>
        ) : (
          <ul className="card divide-y divide-slate-200">
            {payouts.data.items.map((p) => (
              <li
                key={p.id}
                className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3"
                data-testid="payout"
              >
                <span className="font-medium">
                  Sold:{' '}
                  <Link href={`/events/${p.eventId}`} className="link">
                    {p.title}
                  </Link>
                </span>
                <span className="text-sm text-slate-600">
                  <time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time>
                </span>
                <span className="ml-auto font-semibold">
                  {formatMoney(p.amount, p.currency)} {p.status === 'owed' ? 'owed to you' : 'paid'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
