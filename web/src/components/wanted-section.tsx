'use client';
import Link from 'next/link';
import { useState } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { formatMoney, toMajorUnits, toMinorUnits } from '@/lib/format';
import type { WantedEntry, WantedList } from '@/lib/types';
import { Field, FormAlert, Spinner } from './form-bits';

const people = (n: number) => (n === 1 ? '1 person wants' : `${n} people want`);

/**
 * The event page's wanted list: its length for everyone; on a sold-out event, join with the most
 * you would pay, or see your place and leave.
 */
export function WantedSection({
  eventId,
  soldOut,
  currency,
  suggestedPrice,
  signedIn,
  initial,
}: {
  eventId: string;
  soldOut: boolean;
  currency: string;
  /** Pre-fills the limit (the cheapest price seen for the event). */
  suggestedPrice?: number;
  signedIn: boolean;
  initial: WantedList;
}) {
  const [list, setList] = useState(initial);
  const [max, setMax] = useState(suggestedPrice ? toMajorUnits(suggestedPrice, currency) : '');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  const refresh = async () => {
    const res = await callApi<WantedList>(
      'GET',
      `/api/wanted?eventId=${encodeURIComponent(eventId)}`,
    );
    if (res.ok) setList(res.data);
  };

  const join = async (e: React.FormEvent) => {
    e.preventDefault();
    const maxPrice = toMinorUnits(max, currency);
    if (maxPrice === undefined || maxPrice <= 0) {
      setErrors({ maxPrice: ['Enter the most you would pay, like 80 or 80.00'] });
      return;
    }
    setBusy(true);
    const res = await callApi<WantedEntry>('POST', '/api/wanted', { eventId, maxPrice });
    setBusy(false);
    if (!res.ok) return setErrors(errorsByField(res.errors));
    setErrors({});
    setList((l) => ({ ...l, length: l.length + 1, mine: res.data }));
    void refresh();
  };

  const leave = async () => {
    setBusy(true);
    const res = await callApi<void>('DELETE', `/api/wanted/${encodeURIComponent(eventId)}`);
    setBusy(false);
    if (!res.ok && res.status !== 404) return setErrors(errorsByField(res.errors));
    setErrors({});
    await refresh();
  };

  const formErrors = [...(errors[''] ?? []), ...(errors.eventId ?? [])];
  return (
    <section className="card space-y-3 p-5" aria-labelledby="wanted-heading" data-testid="wanted">
      <h2 id="wanted-heading" className="text-lg font-semibold">
        Wanted list
      </h2>
      <p data-testid="wanted-length">
        {list.length === 0 ? 'Nobody is on the wanted list yet.' : `${people(list.length)} this.`}
      </p>
      <FormAlert messages={formErrors} />
      {list.mine ? (
        <div className="space-y-2" data-testid="wanted-mine">
          <p>
            You are <strong>#{list.mine.place}</strong> in line, for up to{' '}
            <strong>{formatMoney(list.mine.maxPrice, list.mine.currency)}</strong>. When a ticket
            comes back on sale at or below that, it is held for you first.
          </p>
          <button type="button" className="btn-secondary" onClick={leave} disabled={busy}>
            {busy ? <Spinner label="Leaving…" /> : 'Leave the wanted list'}
          </button>
        </div>
      ) : soldOut ? (
        signedIn ? (
          <form onSubmit={join} className="flex flex-wrap items-end gap-3" noValidate>
            <Field
              id="wanted-max"
              label={`Most you would pay (${currency.toUpperCase()})`}
              errors={errors.maxPrice}
              className="w-48"
            >
              {(props) => (
                <input
                  {...props}
                  className="input"
                  inputMode="decimal"
                  value={max}
                  onChange={(e) => setMax(e.target.value)}
                  name="maxPrice"
                />
              )}
            </Field>
            <button type="submit" className="btn-primary" disabled={busy}>
              {busy ? <Spinner label="Joining…" /> : 'Join the wanted list'}
            </button>
          </form>
        ) : (
          <p>
            <Link
              href={`/signin?next=${encodeURIComponent(`/events/${eventId}`)}`}
              className="link"
            >
              Sign in
            </Link>{' '}
            to join the wanted list: you get a ticket first when one comes back on sale.
          </p>
        )
      ) : (
        <p className="text-sm text-slate-700">
          Tickets are on sale: the list opens when it sells out.
        </p>
      )}
    </section>
  );
}
