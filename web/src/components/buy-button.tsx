'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApiWhileNotFound, waitingRoomUrl } from '@/lib/client-api';
import type { Order } from '@/lib/types';
import { FormAlert, Spinner } from './form-bits';

/** Reserves the ticket (an order) and goes to the order page to pay. */
export function BuyButton({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>();

  async function buy() {
    setBusy(true);
    setErrors(undefined);
    const res = await callApiWhileNotFound<Order>('POST', '/api/orders', { ticketId });
    if (res.ok) {
      router.push(`/orders/${res.data.id}`);
      return;
    }
    if (res.inWaitingRoom) {
      router.push(waitingRoomUrl(`/tickets/${ticketId}`));
      return;
    }
    if (res.status === 401) {
      router.push(`/signin?next=${encodeURIComponent(`/tickets/${ticketId}`)}`);
      return;
    }
    setErrors(res.errors.map((e) => e.message));
    setBusy(false);
    // A 409 means someone else got there first: show the ticket's new state.
    if (res.status === 409) router.refresh();
  }

  return (
    <div className="space-y-3">
      <FormAlert messages={errors} />
      <button type="button" className="btn-primary w-full sm:w-auto" onClick={buy} disabled={busy}>
        {busy ? <Spinner label="Reserving…" /> : 'Buy ticket'}
      </button>
      <p className="text-sm text-slate-600">The ticket is held for you while you pay.</p>
    </div>
  );
}
