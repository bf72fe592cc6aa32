/**
 * The edge to the card processor, owned by this service so domain code never sees Stripe's SDK.
 * Tests replace it with a stub; production uses `StripeGateway`.
 */
export interface ChargeRequest {
  orderId: string;
  /** Part of the idempotency key: the same attempt never charges twice. */
  attempt: number;
  amount: number;
  currency: string;
  paymentMethod: string;
}

export type ChargeResult =
  | { status: 'succeeded'; intentId: string }
  | { status: 'declined'; message: string; intentId?: string }
  /** The processor accepted the payment but has not settled it; a webhook will say how it ended. */
  | { status: 'pending'; intentId: string };

export interface PaymentGateway {
  /**
   * Creates and confirms one payment. Resolves with the outcome the processor decided; rejects
   * with `GatewayUnavailable` when the processor could not be asked or did not answer (the
   * outcome is then unknown), and with any other error for a bug on our side.
   */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Refunds a succeeded payment in full; idempotent per order. */
  refund(intentId: string, orderId: string): Promise<void>;
}

export class GatewayUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayUnavailable';
  }
}

export const idempotencyKeyOf = (orderId: string, attempt: number) => `order_${orderId}_${attempt}`;
export const refundKeyOf = (orderId: string) => `refund_${orderId}`;
