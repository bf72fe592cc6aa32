import Link from 'next/link';
import { TicketCard } from '@/components/ticket-card';
import { apiGet } from '@/lib/api';
import { categoryLabel, toMinorUnits } from '@/lib/format';
import { CATEGORIES, SORTS, type TicketPage } from '@/lib/types';

const PAGE_SIZE = 12;
type Params = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's own GET parameters (what a person types) -> the API's query. */
function apiQuery(p: Params): { query: URLSearchParams; problems: Record<string, string> } {
  const query = new URLSearchParams();
  const problems: Record<string, string> = {};
  const q = one(p.q);
  if (q) query.set('q', q);
  const category = one(p.category);
  if ((CATEGORIES as readonly string[]).includes(category)) query.set('category', category);
  const from = one(p.from);
  if (from) {
    if (DAY.test(from)) query.set('from', `${from}T00:00:00.000Z`);
    else problems.from = 'Enter a date like 2030-12-31';
  }
  const to = one(p.to);
  if (to) {
    if (DAY.test(to)) query.set('to', `${to}T23:59:59.999Z`);
    else problems.to = 'Enter a date like 2030-12-31';
  }
  for (const [name, param] of [
    ['min', 'minPrice'],
    ['max', 'maxPrice'],
  ] as const) {
    const v = one(p[name]);
    if (!v) continue;
    const minor = toMinorUnits(v);
    if (minor === undefined) problems[name] = 'Enter an amount like 25 or 25.50';
    else query.set(param, String(minor));
  }
  const sort = one(p.sort);
  if (SORTS.some((s) => s.value === sort)) query.set('sort', sort);
  const page = Number(one(p.page));
  if (Number.isInteger(page) && page > 1) query.set('page', String(page));
  query.set('limit', String(PAGE_SIZE));
  return { query, problems };
}

const API_FIELD_TO_INPUT: Record<string, string> = { minPrice: 'min', maxPrice: 'max' };

function pageHref(p: Params, page: number): string {
  const out = new URLSearchParams();
  for (const key of ['q', 'category', 'from', 'to', 'min', 'max', 'sort']) {
    const v = one(p[key]);
    if (v) out.set(key, v);
  }
  if (page > 1) out.set('page', String(page));
  const s = out.toString();
  return s ? `/?${s}` : '/';
}

export default async function BrowsePage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const { query, problems } = apiQuery(params);
  const result = Object.keys(problems).length
    ? undefined
    : await apiGet<TicketPage>(`/api/tickets?${query.toString()}`);

  const fieldErrors: Record<string, string> = { ...problems };
  let generalError: string | undefined;
  if (result && !result.ok) {
    for (const e of result.errors) {
      if (e.field) fieldErrors[API_FIELD_TO_INPUT[e.field] ?? e.field] = e.message;
      else generalError = e.message;
    }
    if (result.status >= 500 || result.status === 0)
      generalError ??= 'Tickets could not be loaded.';
  }
  const filtered = ['q', 'category', 'from', 'to', 'min', 'max'].some((k) => one(params[k]));
  const moreOpen = ['from', 'to', 'min', 'max'].some((k) => one(params[k]) || fieldErrors[k]);

  return (
    <div className="space-y-6">
      <section aria-labelledby="browse-heading">
        <h1 id="browse-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          Tickets on sale
        </h1>
        <p className="mt-1 text-slate-700">
          Concerts, sports, theatre and more, sold by fans and organisers.
        </p>
      </section>

      <form
        action="/"
        method="get"
        role="search"
        aria-label="Search tickets"
        className="card space-y-4 p-4"
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto]">
          <FilterField
            id="q"
            label="Search"
            errors={fieldErrors.q}
            className="sm:col-span-2 lg:col-span-1"
          >
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={one(params.q)}
              placeholder="Event or venue"
              className="input"
              aria-invalid={Boolean(fieldErrors.q)}
            />
          </FilterField>
          <FilterField id="category" label="Category" errors={fieldErrors.category}>
            <select
              id="category"
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
          </FilterField>
          <FilterField id="sort" label="Sort by" errors={fieldErrors.sort}>
            <select
              id="sort"
              name="sort"
              defaultValue={one(params.sort) || 'date'}
              className="input"
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </FilterField>
          <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1">
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
        {/* Dates and prices fold away (no script needed) unless one is in use or wrong. */}
        <details open={moreOpen} className="group">
          <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline">
            Dates and prices
          </summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <FilterField id="from" label="From date" errors={fieldErrors.from}>
              <input
                id="from"
                name="from"
                type="date"
                defaultValue={one(params.from)}
                className="input"
                aria-invalid={Boolean(fieldErrors.from)}
              />
            </FilterField>
            <FilterField id="to" label="To date" errors={fieldErrors.to}>
              <input
                id="to"
                name="to"
                type="date"
                defaultValue={one(params.to)}
                className="input"
                aria-invalid={Boolean(fieldErrors.to)}
              />
            </FilterField>
            <FilterField id="min" label="Min price ($)" errors={fieldErrors.min}>
              <input
                id="min"
                name="min"
                inputMode="decimal"
                defaultValue={one(params.min)}
                placeholder="0"
                className="input"
                aria-invalid={Boolean(fieldErrors.min)}
              />
            </FilterField>
            <FilterField id="max" label="Max price ($)" errors={fieldErrors.max}>
              <input
                id="max"
                name="max"
                inputMode="decimal"
                defaultValue={one(params.max)}
                placeholder="Any"
                className="input"
                aria-invalid={Boolean(fieldErrors.max)}
              />
            </FilterField>
          </div>
        </details>
      </form>

      {generalError && (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {generalError} Please try again in a moment.
        </div>
      )}

      {result?.ok && <Results page={result.data} params={params} filtered={filtered} />}
    </div>
  );
}

function FilterField({
  id,
  label,
  errors,
  className,
  children,
}: {
  id: string;
  label: string;
  errors?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
      {errors && (
        <p className="mt-1 text-sm font-medium text-red-700" data-field-error={id}>
          {errors}
        </p>
      )}
    </div>
  );
}

function Results({
  page,
  params,
  filtered,
}: {
  page: TicketPage;
  params: Params;
  filtered: boolean;
}) {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  if (page.items.length === 0) {
    return (
      <div className="card p-8 text-center" data-testid="empty-state">
        <p className="text-lg font-semibold">
          {filtered ? 'No tickets match your search' : 'No tickets on sale right now'}
        </p>
        <p className="mt-1 text-slate-700">
          {filtered
            ? 'Try fewer filters or another search.'
            : 'Check back soon, or list a ticket yourself.'}
        </p>
        <p className="mt-4 flex justify-center gap-2">
          {filtered && (
            <Link href="/" className="btn-secondary">
              Clear filters
            </Link>
          )}
          <Link href="/sell" className="btn-primary">
            Sell a ticket
          </Link>
        </p>
      </div>
    );
  }
  return (
    <section aria-labelledby="results-heading" className="space-y-4">
      <h2 id="results-heading" className="text-sm text-slate-700" aria-live="polite">
        {page.total} {page.total === 1 ? 'ticket' : 'tickets'}
        {pages > 1 && ` · page ${page.page} of ${pages}`}
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {page.items.map((t) => (
          <TicketCard key={t.id} ticket={t} />
        ))}
      </ul>
      {pages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-between gap-2">
          {page.page > 1 ? (
            <Link href={pageHref(params, page.page - 1)} className="btn-secondary" rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-slate-700">
            Page {page.page} of {pages}
          </span>
          {page.page < pages ? (
            <Link href={pageHref(params, page.page + 1)} className="btn-secondary" rel="next">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </section>
  );
}
