import type { Metadata } from 'next';
import Link from 'next/link';
import { PageError } from '@/components/page-error';
import { StatusBadge } from '@/components/status-badge';
import { apiGet, requireUser } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { orderLabel } from '@/lib/orders';
import { isOpen, type Order } from '@/lib/types';

export const metadata: Metadata = { title: 'My orders' };

export default async function OrdersPage() {
  await requireUser('/orders');
  const res = await apiGet<{ items: Order[] }>('/api/orders');
  if (!res.ok) return <PageError title="Your orders could not be loaded" errors={res.errors} />;
  const orders = res.data.items;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">My orders</h1>
      {orders.length === 0 ? (
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
    </div>
  );
}
