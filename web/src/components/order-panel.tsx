'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { callApi, callApiWhileNotFound, waitingRoomUrl } from '@/lib/client-api';
import { formatMoney } from '@/lib/format';
import { cancelledAs } from '@/lib/orders';
import { isOpen, type Order, type Payment } from '@/lib/types';
import { FormAlert, Spinner } from './form-bits';
import { StripeCardField, type CardFieldHandle } from './stripe-card-field';

/** Stripe's test payment methods: the whole journey works offline, against stripe-mock. */
export const TEST_METHODS = [
  { id: 'pm_card_visa', label: 'Visa ending 4242', note: 'succeeds' },
  { id: 'pm_card_mastercard', label: 'Mastercard ending 4444', note: 'succeeds' },
  { id: 'pm_card_chargeDeclined', label: 'Visa ending 0002', note: 'is declined' },
  {
    id: 'pm_card_chargeDeclinedInsufficientFunds',
    label: 'Visa ending 9995',
    note: 'is declined: insufficient funds',
  },
] as const;

type Phase =
  | { kind: 'open' }
  | { kind: 'paying' }
  | { kind: 'confirming' }
  | { kind: 'paid' }
  | { kind: 'expiring' }
  | { kind: 'ended'; as: 'Expired' | 'Cancelled' };

function phaseOf(order: Order, now: number): Phase {
  if (order.status === 'complete') return { kind: 'paid' };
  if (order.status === 'cancelled') return { kind: 'ended', as: cancelledAs(order) };
  if (new Date(order.expiresAt).getTime() <= now) return { kind: 'expiring' };
  return { kind: 'open' };
}

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function OrderPanel({
  initial,
  serverNow,
  publishableKey,
}: {
  initial: Order;
  serverNow: number;
  publishableKey?: string;
}) {
  const router = useRouter();
  const [order, setOrder] = useState(initial);
  // Until mounted, time is the server's, so the first render matches the HTML it sent.
  const [now, setNow] = useState(serverNow);
  const [phase, setPhase] = useState<Phase>(() => phaseOf(initial, serverNow));
  const [method, setMethod] = useState<string>(TEST_METHODS[0].id);
  const [errors, setErrors] = useState<string[]>();
  const [cancelling, setCancelling] = useState(false);
  const card = useRef<CardFieldHandle>(null);
  const skew = useRef(0);

  useEffect(() => {
    // Count down on the server's clock: expiresAt is the server's, the browser's may be off.
    skew.current = serverNow - Date.now();
    const tick = () => setNow(Date.now() + skew.current);
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [serverNow]);

  const remaining = new Date(order.expiresAt).getTime() - now;
  useEffect(() => {
    if (remaining <= 0 && (phase.kind === 'open' || phase.kind === 'paying')) {
      setErrors(undefined);
      setPhase({ kind: 'expiring' });
    }
  }, [remaining, phase.kind]);

  /** Reads the order until `done` holds (or time runs out); returns the last one read. */
  const follow = useCallback(
    async (done: (o: Order) => boolean, timeoutMs: number): Promise<Order | undefined> => {
      const deadline = Date.now() + timeoutMs;
      let last: Order | undefined;
      for (;;) {
        const res = await callApi<Order>('GET', `/api/orders/${order.id}`);
        if (res.ok) {
          last = res.data;
          setOrder(res.data);
          if (done(res.data)) return res.data;
        }
        if (Date.now() > deadline) return last;
        await sleep(500);
      }
    },
    [order.id],
  );

  // Time is up: the expiration service cancels the order within a moment; show that once it has.
  useEffect(() => {
    if (phase.kind !== 'expiring') return;
    let live = true;
    void follow((o) => !isOpen(o), 60_000).then((o) => {
      if (!live || !o || isOpen(o)) return;
      setPhase(o.status === 'complete' ? { kind: 'paid' } : { kind: 'ended', as: 'Expired' });
      router.refresh();
    });
    return () => {
      live = false;
    };
  }, [phase.kind, follow, router]);

  async function pay() {
    setErrors(undefined);
    setPhase({ kind: 'paying' });
    let paymentMethod: string = method;
    if (publishableKey) {
      const made = await card.current?.createPaymentMethod();
      if (!made || 'error' in made) {
        setErrors([made?.error ?? 'The card form is not ready yet']);
        setPhase({ kind: 'open' });
        return;
      }
      paymentMethod = made.id;
    }
    const res = await callApiWhileNotFound<Payment>(
      'POST',
      '/api/payments',
      { orderId: order.id, paymentMethod },
      15_000,
    );
    if (res.ok) {
      setPhase({ kind: 'confirming' });
      const o = await follow((x) => x.status === 'complete' || x.status === 'cancelled', 30_000);
      if (o?.status === 'cancelled') setPhase({ kind: 'ended', as: cancelledAs(o) });
      else setPhase({ kind: 'paid' });
      router.refresh();
      return;
    }
    if (res.inWaitingRoom) {
      router.push(waitingRoomUrl(`/orders/${order.id}`));
      return;
    }
    if (res.status === 401) {
      router.push(`/signin?next=${encodeURIComponent(`/orders/${order.id}`)}`);
      return;
    }
    setErrors(res.errors.map((e) => e.message));
    if (res.status === 409) {
      // Paid, cancelled or expired meanwhile: show what it is now.
      const o = await follow(() => true, 0);
      if (o) setPhase(phaseOf(o, Date.now() + skew.current));
      else setPhase({ kind: 'open' });
      return;
    }
    setPhase({ kind: 'open' });
  }

  async function cancel() {
    setCancelling(true);
    setErrors(undefined);
    const res = await callApi<Order>('DELETE', `/api/orders/${order.id}`);
    setCancelling(false);
    if (res.ok) {
      setOrder(res.data);
      setPhase(phaseOf(res.data, Date.now() + skew.current));
      router.refresh();
      return;
    }
    setErrors(res.errors.map((e) => e.message));
  }

  const price = formatMoney(order.ticket.price, order.ticket.currency);
  const open = phase.kind === 'open' || phase.kind === 'paying';
  const urgent = remaining < 60_000;

  return (
    <div className="space-y-5" data-phase={phase.kind}>
      {open && (
        <div
          className={`flex flex-wrap items-center justify-between gap-3 rounded-md border px-4 py-3 ${urgent ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-950'}`}
        >
          <p className="text-sm font-medium">
            This ticket is held for you. Pay before the time runs out.
          </p>
          <p
            className="text-2xl font-bold tabular-nums"
            role="timer"
            aria-label="Time left to pay"
            data-testid="countdown"
          >
            {clock(remaining)}
          </p>
        </div>
      )}

      <div aria-live="polite" className="space-y-3">
        <FormAlert messages={errors} />
        {phase.kind === 'confirming' && (
          <FormAlert tone="info" messages={['Payment accepted. Confirming your order…']} />
        )}
        {phase.kind === 'paid' && (
          <div
            className="rounded-md border border-green-300 bg-green-50 px-4 py-4 text-green-900"
            data-testid="order-result"
          >
            <p className="text-lg font-semibold">Paid. The ticket is yours.</p>
            <p className="mt-1 text-sm">
              Find it any time under{' '}
              <Link href="/my-tickets" className="link">
                My tickets
              </Link>
              .
            </p>
          </div>
        )}
        {phase.kind === 'expiring' && (
          <FormAlert tone="info" messages={['Time is up. Releasing the ticket…']} />
        )}
        {phase.kind === 'ended' && (
          <div
            className="rounded-md border border-slate-300 bg-slate-100 px-4 py-4 text-slate-900"
            data-testid="order-result"
          >
            <p className="text-lg font-semibold">
              {phase.as === 'Expired' ? 'This reservation expired.' : 'This order was cancelled.'}
            </p>
            <p className="mt-1 text-sm">
              The ticket is back on sale.{' '}
              <Link href={`/tickets/${order.ticket.id}`} className="link">
                See the ticket
              </Link>
            </p>
          </div>
        )}
      </div>

      {open && (
        <form
          className="card space-y-4 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            void pay();
          }}
        >
          <h2 className="text-lg font-semibold">Payment</h2>
          {publishableKey ? (
            <StripeCardField ref={card} publishableKey={publishableKey} />
          ) : (
            <fieldset>
              <legend className="label">Test card</legend>
              <p className="mb-3 text-sm text-slate-600">
                Test mode: no real card is charged. Pick one of Stripe&apos;s test cards.
              </p>
              <div className="space-y-2">
                {TEST_METHODS.map((m) => (
                  <label
                    key={m.id}
                    className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
                  >
                    <input
                      type="radio"
                      name="paymentMethod"
                      value={m.id}
                      checked={method === m.id}
                      onChange={() => setMethod(m.id)}
                      className="h-4 w-4 accent-brand-600"
                    />
                    <span className="text-sm">
                      <span className="font-medium">{m.label}</span>{' '}
                      <span className="text-slate-600">({m.note})</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary" disabled={phase.kind === 'paying'}>
              {phase.kind === 'paying' ? <Spinner label="Paying…" /> : `Pay ${price}`}
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={cancel}
              disabled={phase.kind === 'paying' || cancelling}
            >
              {cancelling ? <Spinner label="Cancelling…" /> : 'Cancel reservation'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
