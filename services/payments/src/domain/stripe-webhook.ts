import { findCharge, recordDeclined } from '../data/charges';
import { isWebhookEventRecorded, recordWebhookEvent } from '../data/webhook-events';
import type { PaymentsDeps } from './deps';
import { settleSucceeded } from './settle-charge';
import type { PaymentIntentEvent } from './stripe-events';

export type WebhookOutcome = 'handled' | 'ignored' | 'duplicate';

/**
 * Applies a verified Stripe event once per event id. The state changes are conditional, so two
 * deliveries racing past the id check still change the charge and queue `payment.created` once.
 * The id is recorded after the event was applied: a crash in between means a redelivery
 * applies it again (a no-op), never that it is skipped.
 */
export async function handleStripeEvent(
  deps: PaymentsDeps,
  event: PaymentIntentEvent,
): Promise<WebhookOutcome> {
  if (await isWebhookEventRecorded(event.id)) return 'duplicate';
  const outcome = await apply(deps, event);
  const first = await recordWebhookEvent(event.id, event.type, deps.now());
  return first ? outcome : 'duplicate';
}

async function apply(deps: PaymentsDeps, event: PaymentIntentEvent): Promise<WebhookOutcome> {
  const intent = event.intent;
  // Intents without our metadata were not made by this service (another integration).
  if (!intent?.orderId) return 'ignored';
  switch (event.type) {
    case 'payment_intent.succeeded': {
      if (!(await matchesRecordedCharge(deps, intent))) return 'ignored';
      const settled = await settleSucceeded(deps, intent.orderId, intent.id);
      return settled ? 'handled' : 'ignored';
    }
    case 'payment_intent.payment_failed': {
      // Only the attempt this intent belongs to: a late failure of attempt 1 must not decline attempt 2.
      if (!intent.attempt) return 'ignored';
      const message = intent.failureMessage ?? 'The payment failed';
      await recordDeclined(
        intent.orderId,
        intent.attempt,
        { intentId: intent.id, message },
        deps.now(),
      );
      return 'handled';
    }
    default:
      return 'ignored';
  }
}

/**
 * A success settles only the charge it is for: the amount and currency Stripe reports must be
 * the ones this service asked for. Anything else is left for a person (logged), never marked paid;
 * the order then expires, and a cancelled order's charge is refunded.
 */
async function matchesRecordedCharge(
  deps: PaymentsDeps,
  intent: NonNullable<PaymentIntentEvent['intent']>,
): Promise<boolean> {
  const charge = await findCharge(intent.orderId!);
  if (!charge) return true; // settleSucceeded ignores an order without a charge
  if (intent.amount === charge.amount && intent.currency === charge.currency) return true;
  deps.logger.error(
    {
      orderId: intent.orderId,
      intentId: intent.id,
      reported: { amount: intent.amount, currency: intent.currency },
      recorded: { amount: charge.amount, currency: charge.currency },
    },
    'a PaymentIntent succeeded for another amount or currency than the charge; not settled',
  );
  return false;
}
