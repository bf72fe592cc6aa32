import type { Metadata } from 'next';
import Link from 'next/link';
import { PageError } from '@/components/page-error';
import { apiGet, requireUser } from '@/lib/api';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { SellerInsights } from '@ticketing/contracts';
import { RevenueChart, SellThroughChart } from './sales-charts';

export const metadata: Metadata = { title: 'My sales' };

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

function revenueText(revenue: SellerInsights['totals']['revenue']): string {
  return revenue.length === 0
    ? formatMoney(0, 'usd')
    : revenue.map((m) => formatMoney(m.amount, m.currency)).join(' + ');
}

/**
 * A seller's dashboard, from the insights service (Go, fed by the platform's events): figures
 * per event with its sell-through over time, and revenue by day across all events.
 */
export default async function SalesPage() {
  await requireUser('/sales');
  const res = await apiGet<SellerInsights>('/api/insights/sellers/me');
  if (!res.ok) return <PageError title="Your sales could not be loaded" errors={res.errors} />;
  const { totals, events, revenueByDay } = res.data;
  // Rendered once on the server: the charts extend each line to this moment.
  const now = new Date().toISOString();

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">My sales</h1>
      {events.length === 0 ? (
        <div className="card p-8 text-center">
          <p className="text-lg font-semibold">You have not listed any tickets yet</p>
          <p className="mt-1 text-slate-700">Figures appear here as soon as you list some.</p>
          <p className="mt-4">
            <Link href="/sell" className="btn-primary">
              Sell tickets
            </Link>
          </p>
        </div>
      ) : (
        <>
          <section aria-labelledby="totals" className="card p-4">
            <h2 id="totals" className="sr-only">
              Totals
            </h2>
            <dl className="grid grid-cols-2 gap-4 text-center sm:grid-cols-5" data-testid="totals">
              <Figure label="Listed" value={String(totals.listed)} />
              <Figure label="Sold" value={String(totals.sold)} />
              <Figure label="Held now" value={String(totals.held)} />
              <Figure label="Sell-through" value={percent(totals.sellThrough)} />
              <Figure label="Revenue" value={revenueText(totals.revenue)} />
            </dl>
          </section>

          <section aria-labelledby="revenue" className="card p-4">
            <h2 id="revenue" className="text-lg font-semibold">
              Revenue by day
            </h2>
            <RevenueChart days={revenueByDay} />
          </section>

          <section aria-labelledby="events" className="space-y-4">
            <h2 id="events" className="text-lg font-semibold">
              Your events
            </h2>
            <ul className="grid gap-4 lg:grid-cols-2">
              {events.map((e) => (
                <li key={e.event.id} className="card overflow-hidden" data-testid="event-card">
                  <div className="bg-brand-700 px-4 py-3 text-white">
                    <p className="text-xs font-semibold uppercase tracking-wide text-brand-100">
                      {categoryLabel(e.event.category)}
                    </p>
                    <h3 className="text-lg font-semibold">{e.event.title}</h3>
                    <p className="text-sm text-brand-100">
                      {e.event.venue} ·{' '}
                      <time dateTime={e.event.startsAt}>{formatDate(e.event.startsAt)}</time>
                    </p>
                  </div>
                  <dl className="grid grid-cols-3 gap-2 px-4 py-3 text-center text-sm sm:grid-cols-6">
                    <Figure label="Listed" value={String(e.figures.listed)} small />
                    <Figure label="On sale" value={String(e.figures.onSale)} small />
                    <Figure label="Held" value={String(e.figures.held)} small />
                    <Figure label="Sold" value={String(e.figures.sold)} small />
                    <Figure label="Expired" value={String(e.figures.expired)} small />
                    <Figure label="Revenue" value={revenueText(e.figures.revenue)} small />
                  </dl>
                  <div className="px-4 pb-4">
                    <h4 className="text-sm font-semibold text-slate-700">
                      Sell-through: {percent(e.figures.sellThrough)} of {e.figures.listed} sold
                    </h4>
                    <SellThroughChart
                      title={e.event.title}
                      points={e.sellThrough}
                      listed={e.figures.listed}
                      now={now}
                    />
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}

function Figure({ label, value, small }: { label: string; value: string; small?: boolean }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className={small ? 'font-semibold' : 'text-xl font-bold'}>{value}</dd>
    </div>
  );
}
