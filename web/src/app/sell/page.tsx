import type { Metadata } from 'next';
import { TicketForm } from '@/components/ticket-form';
import { requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'Sell tickets' };

export default async function SellPage() {
  await requireUser('/sell');
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Sell tickets</h1>
      <p className="text-slate-700">
        List one ticket, or many seats of the same event at once. Buyers pay the price you set.
      </p>
      <TicketForm />
    </div>
  );
}
