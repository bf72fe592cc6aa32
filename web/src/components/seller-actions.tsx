'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/lib/client-api';
import { FormAlert, Spinner } from './form-bits';

export function SellerActions({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>();

  async function remove() {
    setBusy(true);
    setErrors(undefined);
    const res = await callApi('DELETE', `/api/tickets/${ticketId}`);
    if (res.ok) {
      router.push('/');
      router.refresh();
      return;
    }
    setErrors(res.errors.map((e) => e.message));
    setBusy(false);
    setConfirming(false);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <p className="text-slate-700">You are selling this ticket.</p>
      <FormAlert messages={errors} />
      <div className="flex flex-wrap gap-2">
        <Link href={`/tickets/${ticketId}/edit`} className="btn-secondary">
          Edit
        </Link>
        {confirming ? (
          <>
            <button type="button" className="btn-danger" onClick={remove} disabled={busy}>
              {busy ? <Spinner label="Deleting…" /> : 'Yes, delete this listing'}
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => setConfirming(false)}
              disabled={busy}
            >
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="btn-danger" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
    </div>
  );
}
