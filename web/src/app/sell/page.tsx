import type { Metadata } from 'next';
import { TicketForm } from '@/components/ticket-form';
import { apiGet, requireUser } from '@/lib/api';
import { one } from '@/lib/browse-query';
import type { EventDetail } from '@/lib/types';

export const metadata: Metadata = { title: 'Sell tickets' };

export default async function SellPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const eventId = one((await searchParams).event);
  await requireUser(eventId ? `/sell?event=${encodeURIComponent(eventId)}` : '/sell');
  // Selling for an event from its page: the form starts with that event's description.
  const event = eventId
    ? await apiGet<EventDetail>(`/api/events/${encodeURIComponent(eventId)}?limit=1`)
    : undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Sell tickets</h1>
      <p className="text-slate-700">
        List one ticket, or many seats of the same event at once. Buyers pay the price you set.
      </p>
      <TicketForm event={event?.ok ? event.data : undefined} />
    </div>
  );
}
