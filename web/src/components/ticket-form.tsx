'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { categoryLabel, toMajorUnits, toMinorUnits } from '@/lib/format';
import { CATEGORIES, type Ticket } from '@/lib/types';
import { useHydrated } from '@/lib/use-hydrated';
import { Field, FormAlert, Spinner } from './form-bits';

const CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'jpy'];

/** `2030-05-01T20:00:00.000Z` -> `2030-05-01T20:00` for a datetime-local input read as UTC. */
const toInputDate = (iso: string) => iso.slice(0, 16);
const fromInputDate = (v: string) => {
  const d = new Date(`${v}:00.000Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

type Values = {
  title: string;
  category: string;
  venue: string;
  startsAt: string;
  price: string;
  currency: string;
  quantity: string;
};

/** Lists one or N tickets of an event, or edits one listing (only what changed is sent). */
/** `event` prefills a new listing with an existing event's description: it joins that event. */
export function TicketForm({
  ticket,
  event,
}: {
  ticket?: Ticket;
  event?: Pick<Ticket, 'title' | 'category' | 'venue' | 'startsAt'>;
}) {
  const router = useRouter();
  const editing = Boolean(ticket);
  const about = ticket ?? event;
  const initial: Values = {
    title: about?.title ?? '',
    category: about?.category ?? 'concert',
    venue: about?.venue ?? '',
    startsAt: about ? toInputDate(about.startsAt) : '',
    price: ticket ? toMajorUnits(ticket.price, ticket.currency) : '',
    currency: ticket?.currency ?? 'usd',
    quantity: '1',
  };
  const hydrated = useHydrated();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  const set = (name: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const local: Record<string, string[]> = {};
    const body: Record<string, unknown> = {
      title: values.title,
      category: values.category,
      venue: values.venue,
      currency: values.currency,
    };
    if (values.startsAt) {
      const iso = fromInputDate(values.startsAt);
      if (iso) body.startsAt = iso;
      else local.startsAt = ['Enter a date and time'];
    } else if (!editing) {
      local.startsAt = ['Enter when the event starts'];
    }
    if (values.price.trim()) {
      const minor = toMinorUnits(values.price, values.currency);
      if (minor === undefined) local.price = ['Enter a price like 25 or 25.50'];
      else body.price = minor;
    } else if (!editing) {
      local.price = ['Enter a price'];
    }
    if (!editing) {
      const q = values.quantity.trim();
      if (/^\d+$/.test(q)) body.quantity = Number(q);
      else local.quantity = ['Enter a whole number from 1 to 100'];
    }

    // Edits send only what changed; an unchanged form has nothing to save.
    if (ticket) {
      for (const key of Object.keys(body)) {
        const before: Record<string, unknown> = {
          title: ticket.title,
          category: ticket.category,
          venue: ticket.venue,
          currency: ticket.currency,
          startsAt: new Date(ticket.startsAt).toISOString(),
          price: ticket.price,
        };
        if (body[key] === before[key]) delete body[key];
      }
      if (Object.keys(body).length === 0 && Object.keys(local).length === 0) {
        router.push(`/tickets/${ticket.id}`);
        return;
      }
    }

    const res = ticket
      ? await callApi<Ticket>('PUT', `/api/tickets/${ticket.id}`, body)
      : await callApi<{ tickets: Ticket[] }>('POST', '/api/tickets', body);
    if (res.ok && Object.keys(local).length === 0) {
      const first = 'tickets' in res.data ? res.data.tickets[0] : res.data;
      const count = 'tickets' in res.data ? res.data.tickets.length : 0;
      router.push(`/tickets/${first?.id}${count ? `?listed=${count}` : '?saved=1'}`);
      router.refresh();
      return;
    }
    if (!res.ok && res.status === 401) {
      router.push(
        `/signin?next=${encodeURIComponent(ticket ? `/tickets/${ticket.id}/edit` : '/sell')}`,
      );
      return;
    }
    // Our own reading of a field wins over the API's word about the value we left out.
    const merged = res.ok ? {} : errorsByField(res.errors);
    setErrors({ ...merged, ...local });
    setBusy(false);
  }

  const general =
    errors[''] ??
    Object.entries(errors)
      .filter(
        ([k]) =>
          !['title', 'category', 'venue', 'startsAt', 'price', 'currency', 'quantity'].includes(k),
      )
      .flatMap(([, m]) => m);

  // POST: a submit before the script has loaded must never put the values in a URL.
  return (
    <form method="post" onSubmit={submit} noValidate className="card space-y-5 p-6">
      {general.length > 0 && (
        <div id="form-errors">
          <FormAlert messages={general} />
        </div>
      )}
      <Field
        id="title"
        label="Event"
        hint="What people will search for, e.g. the artist or match"
        errors={errors.title}
      >
        {(a) => (
          <input
            {...a}
            name="title"
            className="input"
            value={values.title}
            onChange={set('title')}
            autoComplete="off"
          />
        )}
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="category" label="Category" errors={errors.category}>
          {(a) => (
            <select
              {...a}
              name="category"
              className="input"
              value={values.category}
              onChange={set('category')}
            >
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="venue" label="Venue" errors={errors.venue}>
          {(a) => (
            <input
              {...a}
              name="venue"
              className="input"
              value={values.venue}
              onChange={set('venue')}
            />
          )}
        </Field>
      </div>
      <Field
        id="startsAt"
        label="Starts at (UTC)"
        hint="Date and time the doors open, in UTC"
        errors={errors.startsAt}
      >
        {(a) => (
          <input
            {...a}
            name="startsAt"
            type="datetime-local"
            className="input"
            value={values.startsAt}
            onChange={set('startsAt')}
          />
        )}
      </Field>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field id="price" label="Price per ticket" errors={errors.price}>
          {(a) => (
            <input
              {...a}
              name="price"
              inputMode="decimal"
              className="input"
              placeholder="25.00"
              value={values.price}
              onChange={set('price')}
            />
          )}
        </Field>
        <Field id="currency" label="Currency" errors={errors.currency}>
          {(a) => (
            <select
              {...a}
              name="currency"
              className="input"
              value={values.currency}
              onChange={set('currency')}
            >
              {(CURRENCIES.includes(values.currency)
                ? CURRENCIES
                : [values.currency, ...CURRENCIES]
              ).map((c) => (
                <option key={c} value={c}>
                  {c.toUpperCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!editing && (
          <Field
            id="quantity"
            label="How many tickets"
            hint="1 to 100, all for this event"
            errors={errors.quantity}
          >
            {(a) => (
              <input
                {...a}
                name="quantity"
                type="number"
                min={1}
                max={100}
                className="input"
                value={values.quantity}
                onChange={set('quantity')}
              />
            )}
          </Field>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
          {busy ? (
            <Spinner label={editing ? 'Saving…' : 'Listing…'} />
          ) : editing ? (
            'Save changes'
          ) : (
            'List tickets'
          )}
        </button>
        {ticket && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => router.push(`/tickets/${ticket.id}`)}
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
