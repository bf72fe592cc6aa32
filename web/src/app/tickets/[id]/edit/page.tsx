import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageError } from '@/components/page-error';
import { TicketForm } from '@/components/ticket-form';
import { apiGet, requireUser } from '@/lib/api';
import type { Ticket } from '@/lib/types';

export const metadata: Metadata = { title: 'Edit listing' };

export default async function EditTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}/edit`);
  const res = await apiGet<Ticket>(`/api/tickets/${encodeURIComponent(id)}`);
  if (!res.ok && (res.status === 404 || res.status === 400)) notFound();
  if (!res.ok) return <PageError title="This ticket could not be loaded" errors={res.errors} />;
  const t = res.data;
  if (t.sellerId !== user.id) {
    return (
      <PageError
        title="You cannot edit this listing"
        errors={[{ message: 'Only the seller can edit a listing.' }]}
      />
    );
  }
  if (t.status !== 'available') {
    return (
      <PageError
        title="This listing can no longer be edited"
        errors={[{ message: `The ticket is ${t.status}; only tickets on sale can be edited.` }]}
      />
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm">
        <Link href={`/tickets/${t.id}`} className="link">
          ← Back to the ticket
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Edit listing</h1>
      <TicketForm ticket={t} />
    </div>
  );
}
