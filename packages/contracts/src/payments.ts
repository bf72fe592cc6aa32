import { z } from 'zod';
import { Currency, Id } from './shared';

const text = (what: string, max: number) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${what} is required` : `${what} must be a string`,
    })
    .min(1, `${what} is required`)
    .max(max, `${what} must be at most ${max} characters`);

export const PayInput = z
  .object({
    // Orders' ids are ObjectId strings, but any string is looked up: an unknown one is a 404.
    orderId: text('orderId', 255),
    /** A Stripe PaymentMethod id such as `pm_card_visa`. */
    paymentMethod: text('paymentMethod', 255),
  })
  .strict();
export type PayInput = z.infer<typeof PayInput>;

/** What the webhook answers Stripe once it took the event. */
export const WebhookReceipt = z.object({
  received: z.literal(true),
  duplicate: z.literal(true).optional().describe('this event id was processed before'),
  ignored: z.literal(true).optional().describe('not an event this service acts on'),
});
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;

export const PaymentState = z.enum(['succeeded', 'processing']);
export type PaymentState = z.infer<typeof PaymentState>;

/** A charge as the buyer sees it; `processing` is settled later by Stripe's webhook. */
export const Payment = z.object({
  id: Id,
  orderId: Id,
  intentId: z.string().describe('the Stripe PaymentIntent'),
  amount: z.number().int().nonnegative().describe('minor units'),
  currency: Currency,
  state: PaymentState,
});
export type Payment = z.infer<typeof Payment>;

/**
 * Payments' answer to orders before an expired hold is released (`POST /internal/expiries/<id>`,
 * service invocation only; decision 022): `paid` (money taken, its `payment.created` completes
 * the order), `in-flight` (a charge is with Stripe now), or `closed` (nothing taken, and no
 * payment can start for the order any more).
 */
export const ExpiryVerdict = z.enum(['paid', 'in-flight', 'closed']);
export type ExpiryVerdict = z.infer<typeof ExpiryVerdict>;
export const ExpiryAnswer = z.object({ orderId: Id, charge: ExpiryVerdict });
export type ExpiryAnswer = z.infer<typeof ExpiryAnswer>;
