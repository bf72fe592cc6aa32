import type { Metadata } from 'next';
import Link from 'next/link';
import { PageError } from '@/components/page-error';
import { WantedDemandPrompt } from '@/components/wanted-demand';
import { apiGet, requireUser } from '@/lib/api';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { Order, Ticket } from '@/lib/types';

export const metadata: Metadata = { title: 'My tickets' };

/**
 * Tickets the visitor holds: the tickets of their complete orders that still name them as holder
 * (no listing filter for holders exists yet; see web/README.md).
 */
export default async function MyTicketsPage() {
  const user = await requireUser('/my-tickets');
  const orders = await apiGet<{ items: Order[] }>('/api/orders');
  if (!orders.ok)
    return <PageError title="Your tickets could not be loaded" errors={orders.errors} />;
  const complete = orders.data.items.filter((o) => o.status === 'complete');
  const tickets = await Promise.all(
    complete.map(async (o) => {
      const t = await apiGet<Ticket>(`/api/tickets/${encodeURIComponent(o.ticket.id)}`);
      return { order: o, ticket: t.ok ? t.data : undefined };
    }),
  );
  // A ticket that moved on (resold) is no longer held; one we could not read still shows.
  const held = tickets.filter(
    ({ ticket }) => !ticket || !ticket.holderId || ticket.holderId === user.id,
  );

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">My tickets</h1>
      <WantedDemandPrompt />
      {held.length === 0 ? (
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
          {held.map(({ order, ticket }) => (
            <li key={order.id} className="card overflow-hidden" data-testid="held-ticket">
              <div className="bg-brand-700 px-4 py-3 text-white">
                <p className="text-xs font-semibold uppercase tracking-wide text-brand-100">
                  {ticket ? categoryLabel(ticket.category) : 'Ticket'}
                </p>
                <h2 className="text-lg font-semibold">
                  <Link href={`/tickets/${order.ticket.id}`} className="hover:underline">
                    {order.ticket.title}
                  </Link>
                </h2>
              </div>
              <dl className="grid grid-cols-2 gap-2 px-4 py-3 text-sm">
                {ticket && (
                  <>
                    <dt className="text-slate-600">Venue</dt>
                    <dd>{ticket.venue}</dd>
                    <dt className="text-slate-600">When</dt>
                    <dd>
                      <time dateTime={ticket.startsAt}>{formatDate(ticket.startsAt)}</time>
                    </dd>
                  </>
                )}
                <dt className="text-slate-600">Paid</dt>
                <dd>{formatMoney(order.ticket.price, order.ticket.currency)}</dd>
                <dt className="text-slate-600">Ticket</dt>
                <dd className="truncate font-mono text-xs leading-5">{order.ticket.id}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
