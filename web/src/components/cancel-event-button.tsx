'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/lib/client-api';
import { FormAlert, Spinner } from './form-bits';

/** The organiser cancels their event, after saying so twice. */
export function CancelEventButton({ eventId }: { eventId: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>();

  async function cancel() {
    setBusy(true);
    setErrors(undefined);
    const res = await callApi('POST', `/api/events/${eventId}/cancel`);
    setBusy(false);
    setConfirming(false);
    if (!res.ok) setErrors(res.errors.map((e) => e.message));
    router.refresh();
  }

  return (
    <div className="card space-y-3 p-4" data-testid="organiser-actions">
      <p className="text-slate-700">
        You organise this event. Cancelling takes every listing off sale and closes its wanted list;
        it cannot be undone, and it is refused while anyone holds or has bought a ticket.
      </p>
      <FormAlert messages={errors} />
      <div className="flex flex-wrap gap-2">
        {confirming ? (
          <>
            <button type="button" className="btn-danger" onClick={cancel} disabled={busy}>
              {busy ? <Spinner label="Cancelling…" /> : 'Yes, cancel this event'}
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
            Cancel event
          </button>
        )}
      </div>
    </div>
  );
}
