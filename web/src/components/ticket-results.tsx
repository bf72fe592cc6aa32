import Link from 'next/link';
import { TicketCard } from '@/components/ticket-card';
import { pageHref, type Params } from '@/lib/browse-query';
import type { TicketPage } from '@/lib/types';

/** One page of search results, or what to do when there are none. */
export function Results({
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
            <Link href="/tickets" className="btn-secondary">
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
      <Pager page={page.page} pages={pages} params={params} />
    </section>
  );
}

/** Previous and next as plain links, so paging works without script. */
function Pager({ page, pages, params }: { page: number; pages: number; params: Params }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-2">
      {page > 1 ? (
        <Link href={pageHref(params, page - 1)} className="btn-secondary" rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-700">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={pageHref(params, page + 1)} className="btn-secondary" rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
