'use client';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';

/**
 * Stripe Elements' card field, used when a publishable key is configured. Card details go from
 * the browser to Stripe only; we receive a PaymentMethod id. Loaded from Stripe's own URL, as
 * Stripe requires for PCI compliance.
 */

// The few parts of Stripe.js this field uses.
interface StripeCardElement {
  mount(el: HTMLElement): void;
  destroy(): void;
  on(event: 'change', cb: (e: { error?: { message: string } }) => void): void;
}
interface StripeJs {
  elements(): { create(type: 'card', opts?: object): StripeCardElement };
  createPaymentMethod(opts: {
    type: 'card';
    card: StripeCardElement;
  }): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
}
declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

const STRIPE_JS = 'https://js.stripe.com/v3/';

function loadStripe(): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    script.async = true;
    script.onload = () =>
      window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load'));
    script.onerror = () => reject(new Error('Stripe.js could not be loaded'));
    document.head.appendChild(script);
  });
}

export interface CardFieldHandle {
  createPaymentMethod(): Promise<{ id: string } | { error: string }>;
}

export function StripeCardField({
  publishableKey,
  ref,
}: {
  publishableKey: string;
  ref?: Ref<CardFieldHandle>;
}) {
  const mountPoint = useRef<HTMLDivElement>(null);
  const stripe = useRef<StripeJs | null>(null);
  const card = useRef<StripeCardElement | null>(null);
  const [error, setError] = useState<string>();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    loadStripe()
      .then((Stripe) => {
        if (cancelled || !mountPoint.current) return;
        stripe.current = Stripe(publishableKey);
        card.current = stripe.current.elements().create('card', { hidePostalCode: true });
        card.current.on('change', (e) => setError(e.error?.message));
        card.current.mount(mountPoint.current);
        setReady(true);
      })
      .catch((err: Error) => setError(err.message));
    return () => {
      cancelled = true;
      card.current?.destroy();
    };
  }, [publishableKey]);

  useImperativeHandle(ref, () => ({
    async createPaymentMethod() {
      if (!stripe.current || !card.current) return { error: 'The card form is still loading' };
      const res = await stripe.current.createPaymentMethod({ type: 'card', card: card.current });
      if (res.paymentMethod) return { id: res.paymentMethod.id };
      return { error: res.error?.message ?? 'The card could not be used' };
    },
  }));

  return (
    <div>
      <p className="label" id="card-label">
        Card
      </p>
      <div
        ref={mountPoint}
        aria-labelledby="card-label"
        className="rounded-md border border-slate-400 bg-white px-3 py-3"
        aria-busy={!ready}
      />
      {error && (
        <p className="mt-1 text-sm font-medium text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
