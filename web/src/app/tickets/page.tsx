import type { Metadata } from 'next';
import Link from 'next/link';
import { Field } from '@/components/form-bits';
import { Results } from '@/components/ticket-results';
import { apiGet } from '@/lib/api';
import { API_FIELD_TO_INPUT, apiQuery, FILTERS, one, type Params } from '@/lib/browse-query';
import { categoryLabel } from '@/lib/format';
import { CATEGORIES, SORTS, type TicketPage } from '@/lib/types';

export const metadata: Metadata = { title: 'Tickets on sale' };

/** The ticket-by-ticket view: every ticket on sale, filtered and sorted. */
export default async function TicketsPage({ searchParams }: { searchParams: Promise<Params> }) {
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
  const filtered = FILTERS.some((k) => one(params[k]));
  const moreOpen = ['from', 'to', 'min', 'max'].some((k) => one(params[k]) || fieldErrors[k]);

  return (
    <div className="space-y-6">
      <section aria-labelledby="browse-heading">
        <h1 id="browse-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          Tickets on sale
        </h1>
        <p className="mt-1 text-slate-700">
          Every ticket on its own, sold by fans and organisers.{' '}
          <Link href="/" className="link">
            Browse by event
          </Link>
        </p>
      </section>

      <form
        action="/tickets"
        method="get"
        role="search"
        aria-label="Search tickets"
        className="card space-y-4 p-4"
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto]">
          <Field
            id="q"
            label="Search"
            errors={errorsOf(fieldErrors.q)}
            className="sm:col-span-2 lg:col-span-1"
          >
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
          <Field id="category" label="Category" errors={errorsOf(fieldErrors.category)}>
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
          <Field id="sort" label="Sort by" errors={errorsOf(fieldErrors.sort)}>
            {(field) => (
              <select
                {...field}
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
            )}
          </Field>
          <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1">
            <button type="submit" className="btn-primary">
              Search
            </button>
            {filtered && (
              <Link href="/tickets" className="btn-secondary">
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
            <Field id="from" label="From date" errors={errorsOf(fieldErrors.from)}>
              {(field) => (
                <input
                  {...field}
                  name="from"
                  type="date"
                  defaultValue={one(params.from)}
                  className="input"
                />
              )}
            </Field>
            <Field id="to" label="To date" errors={errorsOf(fieldErrors.to)}>
              {(field) => (
                <input
                  {...field}
                  name="to"
                  type="date"
                  defaultValue={one(params.to)}
                  className="input"
                />
              )}
            </Field>
            <Field id="min" label="Min price ($)" errors={errorsOf(fieldErrors.min)}>
              {(field) => (
                <input
                  {...field}
                  name="min"
                  inputMode="decimal"
                  defaultValue={one(params.min)}
                  placeholder="0"
                  className="input"
                />
              )}
            </Field>
            <Field id="max" label="Max price ($)" errors={errorsOf(fieldErrors.max)}>
              {(field) => (
                <input
                  {...field}
                  name="max"
                  inputMode="decimal"
                  defaultValue={one(params.max)}
                  placeholder="Any"
                  className="input"
                />
              )}
            </Field>
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

const errorsOf = (message: string | undefined) => (message ? [message] : undefined);
