import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OrderPanel } from '@/components/order-panel';
import { PriorityHoldNotice } from '@/components/priority-hold-notice';
import { PageError } from '@/components/page-error';
import { StatusBadge } from '@/components/status-badge';
import { apiGet, requireUser } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { orderLabel } from '@/lib/orders';
import type { Order } from '@/lib/types';

export const metadata: Metadata = { title: 'Your order' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const res = await apiGet<Order>(`/api/orders/${encodeURIComponent(id)}`);
  if (!res.ok && (res.status === 404 || res.status === 400)) notFound();
  if (!res.ok) return <PageError title="This order could not be loaded" errors={res.errors} />;
  const o = res.data;
  // Read per request: a key set for this run (not baked into the build) switches on Elements.
  const publishableKey = process.env.STRIPE_PUBLISHABLE_KEY || undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <p className="text-sm">
        <Link href="/orders" className="link">
          ← My orders
        </Link>
      </p>
      <div className="card p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <p className="text-xs font-semibold uppercase text-slate-600">Order</p>
            <h1 className="text-xl font-bold sm:text-2xl">
              <Link href={`/tickets/${o.ticket.id}`} className="hover:underline">
                {o.ticket.title}
              </Link>
            </h1>
            <p className="mt-1 text-sm text-slate-600">Placed {formatDate(o.createdAt)}</p>
          </div>
          <div className="text-right">
            <p className="text-2xl font-bold">{formatMoney(o.ticket.price, o.ticket.currency)}</p>
            <StatusBadge status={o.status} label={orderLabel(o)} />
          </div>
        </div>
      </div>
      {o.wanted && (o.status === 'created' || o.status === 'awaiting:payment') && (
        <PriorityHoldNotice expiresAt={o.expiresAt} serverNow={Date.now()} />
      )}
      <OrderPanel initial={o} serverNow={Date.now()} publishableKey={publishableKey} />
    </div>
  );
}
