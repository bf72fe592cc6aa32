import Link from 'next/link';
import { EventCard } from '@/components/event-card';
import { Field } from '@/components/form-bits';
import { apiGet } from '@/lib/api';
import { one, type Params } from '@/lib/browse-query';
import { categoryLabel } from '@/lib/format';
import { CATEGORIES, type EventList, type WantedCounts } from '@/lib/types';

const PAGE_SIZE = 12;

function eventsQuery(p: Params): URLSearchParams {
  const query = new URLSearchParams();
  const q = one(p.q)?.trim();
  if (q) query.set('q', q.slice(0, 200));
  const category = one(p.category);
  if (category && (CATEGORIES as string[]).includes(category)) query.set('category', category);
  const page = Number(one(p.page));
  if (Number.isInteger(page) && page > 1) query.set('page', String(page));
  query.set('limit', String(PAGE_SIZE));
  return query;
}

function pageLink(p: Params, page: number): string {
  const out = new URLSearchParams();
  for (const key of ['q', 'category']) {
    const v = one(p[key]);
    if (v) out.set(key, v);
  }
  if (page > 1) out.set('page', String(page));
  const s = out.toString();
  return s ? `/?${s}` : '/';
}

/** How many wait on each sold-out event of the page: one request for the whole page. */
async function wantedCounts(events: EventList['items']): Promise<Map<string, number>> {
  const soldOut = events.filter((e) => e.soldOut).map((e) => e.id);
  if (soldOut.length === 0) return new Map();
  const res = await apiGet<WantedCounts>(
    `/api/wanted/counts?eventIds=${encodeURIComponent(soldOut.join(','))}`,
  );
  return new Map(res.ok ? res.data.items.map((c) => [c.eventId, c.length]) : []);
}

/** The default browse view: one card per upcoming event, soonest first. */
export default async function BrowseEventsPage({
  searchParams,
}: {
  searchParams: Promise<Params>;
}) {
  const params = await searchParams;
  const result = await apiGet<EventList>(`/api/events?${eventsQuery(params).toString()}`);
  const wanted = result.ok ? await wantedCounts(result.data.items) : new Map<string, number>();
  const filtered = Boolean(one(params.q) || one(params.category));

  return (
    <div className="space-y-6">
      <section aria-labelledby="browse-heading">
        <h1 id="browse-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          Events
        </h1>
        <p className="mt-1 text-slate-700">
          Concerts, sports, theatre and more, sold by fans and organisers.{' '}
          <Link href="/tickets" className="link">
            See every ticket one by one
          </Link>
        </p>
      </section>

      <form action="/" method="get" role="search" aria-label="Search events" className="card p-4">
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr_auto]">
          <Field id="q" label="Search">
            {(field) => (
              <input
                {...field}
                name="q"
                type="search"
                defaultValue={one(params.q)}
                placeholder="Event or venue"
                className="input"
              />
            )}
          </Field>
          <Field id="category" label="Category">
            {(field) => (
              <select
                {...field}
                name="category"
                defaultValue={one(params.category)}
                className="input"
              >
                <option value="">All categories</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {categoryLabel(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="flex items-end gap-2">
            <button type="submit" className="btn-primary">
              Search
            </button>
            {filtered && (
              <Link href="/" className="btn-secondary">
                Clear
              </Link>
            )}
          </div>
        </div>
      </form>

      {!result.ok ? (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {result.errors.map((e) => e.message).join(' ')} Events could not be loaded; please try
          again in a moment.
        </div>
      ) : result.data.items.length === 0 ? (
        <div className="card p-8 text-center" data-testid="empty-state">
          <p className="text-lg font-semibold">
            {filtered ? 'No events match your search' : 'No events coming up right now'}
          </p>
          <p className="mt-4 flex justify-center gap-2">
            <Link href="/sell" className="btn-primary">
              Sell a ticket
            </Link>
          </p>
        </div>
      ) : (
        <section aria-labelledby="results-heading" className="space-y-4">
          <h2 id="results-heading" className="text-sm text-slate-700" aria-live="polite">
            {result.data.total} {result.data.total === 1 ? 'event' : 'events'}
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {result.data.items.map((e) => (
              <EventCard key={e.id} event={e} wanted={wanted.get(e.id)} />
            ))}
          </ul>
          <nav aria-label="Pages" className="flex justify-between">
            {result.data.page > 1 ? (
              <Link
                href={pageLink(params, result.data.page - 1)}
                className="btn-secondary"
                rel="prev"
              >
                ← Previous
              </Link>
            ) : (
              <span />
            )}
            {result.data.page * result.data.limit < result.data.total ? (
              <Link
                href={pageLink(params, result.data.page + 1)}
                className="btn-secondary"
                rel="next"
              >
                Next →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        </section>
      )}
    </div>
  );
}
