/** The parts of a verified Stripe event this service acts on, free of Stripe's SDK types. */
export interface PaymentIntentEvent {
  /** Stripe's event id (`evt_...`): the unit of webhook deduplication. */
  id: string;
  type: string;
  intent?: {
    id: string;
    amount?: number;
    /** Lower-case ISO code, as Stripe writes it. */
    currency?: string;
    /** Set by `StripeGateway.charge`; absent on intents this service did not create. */
    orderId?: string;
    attempt?: number;
    failureMessage?: string;
  };
}

/** Checks the signature over the raw body and returns the event, or throws `BadSignature`. */
export interface WebhookVerifier {
  verify(rawBody: Buffer | undefined, signature: string | undefined): PaymentIntentEvent;
}

export class BadSignature extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadSignature';
  }
}
