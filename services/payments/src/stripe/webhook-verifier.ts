import Stripe from 'stripe';
import { z } from 'zod';
import {
  BadSignature,
  type PaymentIntentEvent,
  type WebhookVerifier,
} from '../domain/stripe-events';

// Only what we read; Stripe adds fields freely, so unknown keys pass.
const IntentObject = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  amount: z.number().int().optional(),
  currency: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  last_payment_error: z.object({ message: z.string().optional() }).nullish(),
});

/** Verifies `Stripe-Signature` with the endpoint's signing secret; works offline. */
export class StripeWebhookVerifier implements WebhookVerifier {
  constructor(
    private readonly secret: string,
    /** Seconds a signature stays valid (Stripe's default is 300); protects against replays. */
    private readonly toleranceSeconds = 300,
  ) {}

  verify(rawBody: Buffer | undefined, signature: string | undefined): PaymentIntentEvent {
    if (!signature) throw new BadSignature('Missing Stripe-Signature header');
    if (!rawBody || rawBody.length === 0) throw new BadSignature('Missing JSON body');
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(
        rawBody,
        signature,
        this.secret,
        this.toleranceSeconds,
      );
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new BadSignature('Invalid Stripe-Signature');
      }
      throw err;
    }
    return { id: event.id, type: event.type, intent: intentOf(event.data.object) };
  }
}

function intentOf(object: unknown): PaymentIntentEvent['intent'] {
  const parsed = IntentObject.safeParse(object);
  if (!parsed.success) return undefined;
  const { id, amount, currency, metadata, last_payment_error } = parsed.data;
  const attempt = Number(metadata?.attempt);
  return {
    id,
    amount,
    currency: currency?.toLowerCase(),
    orderId: metadata?.orderId || undefined,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : undefined,
    failureMessage: last_payment_error?.message,
  };
}
