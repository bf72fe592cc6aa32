import Stripe from 'stripe';
import {
  GatewayUnavailable,
  idempotencyKeyOf,
  refundKeyOf,
  type ChargeRequest,
  type ChargeResult,
  type PaymentGateway,
} from '../domain/payment-gateway';
import { testModeDecline } from './test-mode-declines';

export interface StripeGatewayOptions {
  /** Without a key the gateway talks to stripe-mock at `apiBase`. */
  secretKey?: string;
  apiBase?: string;
  timeoutMs: number;
}

/**
 * stripe-mock only accepts keys shaped `sk_test_<alphanumerics>`: `sk_test_stripe_mock` is
 * answered with 401, so the placeholder has no underscore after the prefix.
 */
export const STRIPE_MOCK_KEY = 'sk_test_stripemock';

export function createStripeClient(opts: StripeGatewayOptions): Stripe {
  const common = {
    timeout: opts.timeoutMs,
    // Safe to retry: every call carries our idempotency key, so a retry cannot charge twice.
    maxNetworkRetries: 2,
    appInfo: { name: 'ticketing-payments' },
  };
  if (opts.secretKey) return new Stripe(opts.secretKey, common);
  if (!opts.apiBase) throw new Error('STRIPE_API_BASE is required without STRIPE_SECRET_KEY');
  const base = new URL(opts.apiBase);
  return new Stripe(STRIPE_MOCK_KEY, {
    ...common,
    host: base.hostname,
    port: base.port || (base.protocol === 'https:' ? 443 : 80),
    protocol: base.protocol === 'https:' ? 'https' : 'http',
  });
}

/** Card payments through Stripe PaymentIntents, created and confirmed in one call. */
export class StripeGateway implements PaymentGateway {
  private readonly stripe: Stripe;
  /**
   * stripe-mock is stateless: it validates the request and answers a fixed PaymentIntent whose
   * status is never `succeeded`. Against it, an accepted confirm counts as a success.
   */
  private readonly againstMock: boolean;

  constructor(opts: StripeGatewayOptions) {
    this.stripe = createStripeClient(opts);
    this.againstMock = !opts.secretKey;
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: req.amount,
          currency: req.currency,
          payment_method: req.paymentMethod,
          // No redirects: the buyer is not in a browser we can send back to, so a payment method
          // that needs one (or 3-D Secure) fails now instead of waiting for a return_url.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          error_on_requires_action: true,
          confirm: true,
          metadata: { orderId: req.orderId, attempt: String(req.attempt) },
        },
        { idempotencyKey: idempotencyKeyOf(req.orderId, req.attempt) },
      );
    } catch (err) {
      return declinedOrThrow(err);
    }
    const mockDecline = this.againstMock ? testModeDecline(req.paymentMethod) : undefined;
    if (mockDecline) return { status: 'declined', intentId: intent.id, message: mockDecline };
    if (intent.status === 'succeeded' || this.againstMock) {
      return { status: 'succeeded', intentId: intent.id };
    }
    if (intent.status === 'processing') return { status: 'pending', intentId: intent.id };
    // requires_action (3-D Secure) cannot be completed without the buyer's browser; other
    // statuses mean the card was not charged. Either way the buyer may try another card.
    return {
      status: 'declined',
      intentId: intent.id,
      message:
        intent.last_payment_error?.message ??
        (intent.status === 'requires_action'
          ? 'This card needs authentication, which is not supported; use another card'
          : 'The payment was not completed'),
    };
  }

  async refund(intentId: string, orderId: string): Promise<void> {
    try {
      await this.stripe.refunds.create(
        { payment_intent: intentId, metadata: { orderId } },
        { idempotencyKey: refundKeyOf(orderId) },
      );
    } catch (err) {
      // Refunded by someone else (the dashboard, an earlier run): the money is back either way.
      if (err instanceof Stripe.errors.StripeError && err.code === 'charge_already_refunded')
        return;
      if (isTransient(err))
        throw new GatewayUnavailable('Stripe did not answer a refund', { cause: err });
      throw err;
    }
  }
}

/** A card error or a bad payment method is the buyer's decline; a transient failure is ours. */
function declinedOrThrow(err: unknown): ChargeResult {
  if (err instanceof Stripe.errors.StripeCardError) {
    return { status: 'declined', message: err.message, intentId: err.payment_intent?.id };
  }
  if (
    err instanceof Stripe.errors.StripeInvalidRequestError &&
    (err.param === 'payment_method' || err.code === 'payment_intent_payment_attempt_failed')
  ) {
    return { status: 'declined', message: err.message, intentId: err.payment_intent?.id };
  }
  if (isTransient(err)) throw new GatewayUnavailable('Stripe did not answer', { cause: err });
  throw err;
}

/**
 * Failures where the outcome is unknown or Stripe is not usable right now. An idempotency error
 * means the same key is in flight or was used with other parameters: retry later, never re-key.
 */
function isTransient(err: unknown): boolean {
  return (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeAPIError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    err instanceof Stripe.errors.StripeIdempotencyError ||
    err instanceof Stripe.errors.StripeAuthenticationError ||
    err instanceof Stripe.errors.StripePermissionError
  );
}
