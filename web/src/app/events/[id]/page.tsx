import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CancelEventButton } from '@/components/cancel-event-button';
import { availabilityText } from '@/components/event-card';
import { EventCommentsSlot, EventWantedSlot } from '@/components/event-slots';
import { PageError } from '@/components/page-error';
import { apiGet, currentUser } from '@/lib/api';
import { one } from '@/lib/browse-query';
import { categoryLabel, formatDate, formatMoney } from '@/lib/format';
import type { CommentCounts, EventDetail } from '@/lib/types';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PAGE_SIZE = 20;

const load = (id: string, page = 1) =>
  apiGet<EventDetail>(
    `/api/events/${encodeURIComponent(id)}?limit=${PAGE_SIZE}${page > 1 ? `&page=${page}` : ''}`,
  );

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const res = await load(id);
  return { title: res.ok ? res.data.title : 'Event' };
}

/** An event's page: its tickets on sale cheapest first, how many sold, sold out or not. */
export default async function EventPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const pageNo = Math.max(1, Number(one(query.page)) || 1);
  // Every listing's comment count in one request, beside the event's own.
  const [res, comments, user] = await Promise.all([
    load(id, pageNo),
    apiGet<CommentCounts>(`/api/comments/counts?eventId=${encodeURIComponent(id)}`),
    currentUser(),
  ]);
  const commentsOn = (ticketId: string) =>
    comments.ok ? (comments.data.tickets[ticketId] ?? 0) : 0;
  if (!res.ok && (res.status === 404 || res.status === 400)) notFound();
  if (!res.ok) return <PageError title="This event could not be loaded" errors={res.errors} />;
  const e = res.data;
  const { items, total } = e.listings;
  const pages = Math.max(1, Math.ceil(total / e.listings.limit));
  const cancelled = e.status === 'cancelled';

  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm">
        <Link href="/" className="link">
          ← All events
        </Link>
      </p>
      <div className="card overflow-hidden">
        <div className="bg-gradient-to-r from-brand-700 to-brand-600 px-6 py-8 text-white">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-100">
            {categoryLabel(e.category)}
          </p>
          <h1 className="mt-1 text-2xl font-bold sm:text-3xl">
            {e.title}
            {cancelled && (
              <span
                className="ml-3 rounded-full bg-red-100 px-3 py-1 align-middle text-sm font-semibold text-red-800"
                data-testid="event-cancelled"
              >
                Cancelled
              </span>
            )}
          </h1>
          <p className="mt-2 text-brand-50">
            {e.venue} · <time dateTime={e.startsAt}>{formatDate(e.startsAt)}</time>
          </p>
        </div>
        <dl className="grid gap-4 px-6 py-5 sm:grid-cols-3">
          <div>
            <dt className="text-xs font-semibold uppercase text-slate-600">On sale</dt>
            <dd className="mt-1 text-lg font-bold" data-testid="availability">
              {availabilityText(e)}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase text-slate-600">Sold</dt>
            <dd className="mt-1 text-lg font-bold" data-testid="sold-count">
              {e.counts.sold}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase text-slate-600">Being bought</dt>
            <dd className="mt-1 text-lg font-bold">{e.counts.reserved}</dd>
          </div>
        </dl>
      </div>

      {cancelled ? (
        <div className="card p-6 text-slate-700" role="status">
          This event was cancelled by its organiser. Its tickets are no longer on sale.
        </div>
      ) : (
        <p>
          <Link href={`/sell?event=${e.id}`} className="btn-secondary">
            Sell tickets for this event
          </Link>
        </p>
      )}
      {!cancelled && user?.id === e.createdBy && <CancelEventButton eventId={e.id} />}

      <EventWantedSlot event={e} />

      {!cancelled && (
        <section aria-labelledby="listings-heading" className="space-y-3">
          <h2 id="listings-heading" className="text-lg font-semibold">
            {e.soldOut
              ? 'Sold out'
              : `${total} ${total === 1 ? 'ticket' : 'tickets'} on sale, cheapest first`}
          </h2>
          {e.soldOut ? (
            <div className="card p-6 text-slate-700" data-testid="sold-out">
              Every ticket for this event is sold or being bought. Holders can put theirs up for
              resale at any time, so look again soon.
            </div>
          ) : (
            <ul className="card divide-y divide-slate-200">
              {items.map((t) => (
                <li
                  key={t.id}
                  className="relative flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50"
                  data-testid="listing"
                >
                  <span className="text-lg font-bold">{formatMoney(t.price, t.currency)}</span>
                  {commentsOn(t.id) > 0 && (
                    <span className="text-sm text-slate-600" data-testid="listing-comments">
                      {commentsOn(t.id)} {commentsOn(t.id) === 1 ? 'comment' : 'comments'}
                    </span>
                  )}
                  {t.resale && (
                    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                      Resale
                    </span>
                  )}
                  <Link
                    href={`/tickets/${t.id}`}
                    className="ml-auto font-medium text-brand-700 after:absolute after:inset-0 hover:underline"
                  >
                    View ticket
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {pages > 1 && (
            <nav aria-label="Pages" className="flex justify-between text-sm">
              {pageNo > 1 ? (
                <Link
                  href={`/events/${e.id}?page=${pageNo - 1}`}
                  className="btn-secondary"
                  rel="prev"
                >
                  ← Cheaper
                </Link>
              ) : (
                <span />
              )}
              <span>
                Page {pageNo} of {pages}
              </span>
              {pageNo < pages ? (
                <Link
                  href={`/events/${e.id}?page=${pageNo + 1}`}
                  className="btn-secondary"
                  rel="next"
                >
                  More →
                </Link>
              ) : (
                <span />
              )}
            </nav>
          )}
        </section>
      )}

      <EventCommentsSlot event={e} />
    </article>
  );
}
