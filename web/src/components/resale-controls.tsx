'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { formatMoney, toMajorUnits, toMinorUnits } from '@/lib/format';
import type { Ticket } from '@/lib/types';
import { Field, FormAlert, Spinner } from './form-bits';

/**
 * On "My tickets": put a held ticket up for resale (or change its price), or withdraw it. The
 * service decides the cap; its message shows beside the price field.
 */
export function ResaleControls({ ticket }: { ticket: Ticket }) {
  const router = useRouter();
  const onResale = ticket.resale && ticket.status === 'available';
  const [open, setOpen] = useState(false);
  const [price, setPrice] = useState(toMajorUnits(ticket.price, ticket.currency));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const field = `price-${ticket.id}`;

  async function resell(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    const minor = toMinorUnits(price, ticket.currency);
    if (minor === undefined) {
      setErrors({ price: ['Enter a price like 25 or 25.50'] });
      return;
    }
    setBusy(true);
    const res = await callApi<Ticket>('POST', `/api/tickets/${ticket.id}/resale`, { price: minor });
    setBusy(false);
    if (!res.ok) {
      setErrors(errorsByField(res.errors));
      return;
    }
    setOpen(false);
    router.refresh();
  }

  async function withdraw() {
    setBusy(true);
    setErrors({});
    const res = await callApi<Ticket>('DELETE', `/api/tickets/${ticket.id}/resale`);
    setBusy(false);
    if (!res.ok) setErrors(errorsByField(res.errors));
    router.refresh();
  }

  if (ticket.status === 'reserved') {
    return (
      <p className="text-sm text-amber-900" data-testid="resale-state">
        A buyer is paying for your resale at {formatMoney(ticket.price, ticket.currency)} right now.
      </p>
    );
  }

  return (
    <div className="space-y-2">
      {onResale && (
        <p className="text-sm font-medium text-green-800" data-testid="resale-state">
          On resale at {formatMoney(ticket.price, ticket.currency)}
        </p>
      )}
      <FormAlert messages={errors['']} />
      {open ? (
        <form onSubmit={resell} className="flex flex-wrap items-start gap-2" noValidate>
          <Field
            id={field}
            label={`Resale price (${ticket.currency.toUpperCase()})`}
            hint={`At most the face value, ${formatMoney(ticket.faceValue, ticket.currency)}`}
            errors={errors.price}
            className="min-w-[12rem] flex-1"
          >
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                value={price}
                onChange={(e) => setPrice(e.target.value)}
                className="input"
              />
            )}
          </Field>
          <div className="flex gap-2 pt-6">
            <button type="submit" className="btn-primary" disabled={busy}>
              {busy ? <Spinner label="Saving…" /> : onResale ? 'Save price' : 'Put on sale'}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="flex gap-2">
          <button type="button" className="btn-primary" onClick={() => setOpen(true)}>
            {onResale ? 'Change price' : 'Resell'}
          </button>
          {onResale && (
            <button type="button" className="btn-secondary" onClick={withdraw} disabled={busy}>
              Withdraw
            </button>
          )}
        </div>
      )}
    </div>
  );
}
