import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BuyButton } from '@/components/buy-button';
import { CommentsSection } from '@/components/comments-section';
import { FormAlert } from '@/components/form-bits';
import { PageError } from '@/components/page-error';
import { SellerActions } from '@/components/seller-actions';
import { StatusBadge } from '@/components/status-badge';
import { apiGet, currentUser } from '@/lib/api';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { Ticket } from '@/lib/types';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const res = await apiGet<Ticket>(`/api/tickets/${encodeURIComponent(id)}`);
  return { title: res.ok ? res.data.title : 'Ticket' };
}

export default async function TicketPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const listed = Number(query.listed);
  const notice =
    listed > 0
      ? `Listed ${listed} ${listed === 1 ? 'ticket' : 'tickets'}. ${listed > 1 ? 'This is the first of them.' : ''}`
      : query.saved
        ? 'Changes saved.'
        : undefined;
  const [res, user] = await Promise.all([
    apiGet<Ticket>(`/api/tickets/${encodeURIComponent(id)}`),
    currentUser(),
  ]);
  if (!res.ok && (res.status === 404 || res.status === 400)) notFound();
  if (!res.ok) return <PageError title="This ticket could not be loaded" errors={res.errors} />;
  const t = res.data;
  const started = new Date(t.startsAt).getTime() <= Date.now();
  const isSeller = user?.id === t.sellerId;
  const isHolder = user !== null && user.id === t.holderId;

  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <p className="flex gap-4 text-sm">
        <Link href={`/events/${t.eventId}`} className="link">
          ← The event
        </Link>
        <Link href="/tickets" className="link">
          All tickets
        </Link>
      </p>
      {notice && <FormAlert tone="success" messages={[notice]} />}
      <div className="card overflow-hidden">
        <div className="bg-gradient-to-r from-brand-700 to-brand-600 px-6 py-8 text-white">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-100">
            {categoryLabel(t.category)}
          </p>
          <h1 className="mt-1 text-2xl font-bold sm:text-3xl">{t.title}</h1>
          {t.resale && t.status !== 'sold' && (
            <p className="mt-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
              Resale by its holder
            </p>
          )}
          <p className="mt-2 text-brand-50">{t.venue}</p>
        </div>
        <dl className="grid gap-4 px-6 py-6 sm:grid-cols-3">
          <div>
            <dt className="text-xs font-semibold uppercase text-slate-600">When</dt>
            <dd className="mt-1">
              <time dateTime={t.startsAt}>{formatDate(t.startsAt)}</time>
            </dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase text-slate-600">Price</dt>
            <dd className="mt-1 text-xl font-bold" data-testid="price">
              {formatMoney(t.price, t.currency)}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase text-slate-600">Status</dt>
            <dd className="mt-1">
              <StatusBadge
                status={t.status}
                label={started && t.status === 'available' ? 'Event started' : undefined}
              />
            </dd>
          </div>
        </dl>
        <div className="border-t border-slate-200 px-6 py-5">
          <TicketActions
            ticket={t}
            signedIn={user !== null}
            isSeller={isSeller}
            isHolder={isHolder}
            started={started}
          />
        </div>
        {t.ownership && t.ownership.length > 0 && (
          <section className="border-t border-slate-200 px-6 py-5" aria-labelledby="chain-heading">
            <h2 id="chain-heading" className="text-sm font-semibold uppercase text-slate-600">
              Ownership history
            </h2>
            <ol className="mt-2 space-y-1 text-sm" data-testid="ownership">
              {t.ownership.map((o) => (
                <li key={o.orderId}>
                  <time dateTime={o.at}>{formatDate(o.at)}</time>: {o.resale ? 'resold' : 'sold'}{' '}
                  for {formatMoney(o.price, o.currency)}
                  {o.from === user?.id ? ' by you' : ''}
                  {o.to === user?.id ? ' to you' : ''}
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
      <CommentsSection ticketId={t.id} moderatorId={t.sellerId} />
    </article>
  );
}

function TicketActions({
  ticket,
  signedIn,
  isSeller,
  isHolder,
  started,
}: {
  ticket: Ticket;
  signedIn: boolean;
  isSeller: boolean;
  isHolder: boolean;
  started: boolean;
}) {
  if (isHolder) {
    return (
      <p className="font-medium text-green-800" data-testid="holder-note">
        This ticket is yours. See it under{' '}
        <Link href="/my-tickets" className="link">
          My tickets
        </Link>
        .
      </p>
    );
  }
  if (isSeller) {
    if (ticket.status !== 'available') {
      return (
        <p className="text-slate-700">
          You are selling this ticket. It is {ticket.status} now, so it can no longer be edited or
          deleted.
        </p>
      );
    }
    return <SellerActions ticketId={ticket.id} />;
  }
  if (started)
    return (
      <p className="text-slate-700">This event has started; the ticket can no longer be bought.</p>
    );
  if (ticket.status === 'reserved') {
    return (
      <p className="text-slate-700">
        Someone is buying this ticket right now. If they do not pay in time, it goes back on sale.
      </p>
    );
  }
  if (ticket.status === 'sold') return <p className="text-slate-700">This ticket has been sold.</p>;
  if (!signedIn) {
    return (
      <p>
        <Link
          href={`/signin?next=${encodeURIComponent(`/tickets/${ticket.id}`)}`}
          className="btn-primary"
        >
          Sign in to buy
        </Link>
      </p>
    );
  }
  return <BuyButton ticketId={ticket.id} />;
}
