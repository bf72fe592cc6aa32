import type { Metadata } from 'next';
import Link from 'next/link';
import { PageError } from '@/components/page-error';
import { StatusBadge } from '@/components/status-badge';
import { apiGet, requireUser } from '@/lib/api';
import { one, type Params } from '@/lib/browse-query';
import { formatDate, formatMoney } from '@/lib/format';
import { orderLabel } from '@/lib/orders';
import { isOpen, type OrderList } from '@/lib/types';

export const metadata: Metadata = { title: 'My orders' };

const PAGE_SIZE = 20;
const pageLink = (page: number) => (page > 1 ? `/orders?page=${page}` : '/orders');

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireUser('/orders');
  // A page past the API's last (MAX_PAGE) comes back as its 400 and shows as the page's error.
  const asked = Number(one((await searchParams).page));
  const page = Number.isInteger(asked) && asked > 1 ? asked : 1;
  const res = await apiGet<OrderList>(`/api/orders?page=${page}&limit=${PAGE_SIZE}`);
  if (!res.ok) return <PageError title="Your orders could not be loaded" errors={res.errors} />;
  const orders = res.data.items;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">My orders</h1>
      {orders.length === 0 && page === 1 ? (
        <div className="card p-8 text-center">
          <p className="text-lg font-semibold">No orders yet</p>
          <p className="mt-4">
            <Link href="/" className="btn-primary">
              Find tickets
            </Link>
          </p>
        </div>
      ) : (
        <ul className="card divide-y divide-slate-200">
          {orders.map((o) => (
            <li
              key={o.id}
              className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3"
              data-testid="order-row"
            >
              <div className="min-w-0 flex-1">
                <Link href={`/orders/${o.id}`} className="link block truncate">
                  {o.ticket.title}
                </Link>
                <p className="text-xs text-slate-600">Ordered {formatDate(o.createdAt)}</p>
              </div>
              <span className="font-semibold">
                {formatMoney(o.ticket.price, o.ticket.currency)}
              </span>
              <StatusBadge status={o.status} label={orderLabel(o)} />
              {isOpen(o) && (
                <Link href={`/orders/${o.id}`} className="btn-primary">
                  Pay now
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      {(page > 1 || page * res.data.limit < res.data.total) && (
        <nav aria-label="Pages" className="flex justify-between">
          {page > 1 ? (
            <Link href={pageLink(page - 1)} className="btn-secondary" rel="prev">
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          {page * res.data.limit < res.data.total ? (
            <Link href={pageLink(page + 1)} className="btn-secondary" rel="next">
              Older →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
