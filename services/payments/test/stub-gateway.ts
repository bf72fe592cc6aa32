import type { ChargeRequest, ChargeResult, PaymentGateway } from '../src/domain/payment-gateway';
import { idempotencyKeyOf } from '../src/domain/payment-gateway';

/**
 * The Stripe edge we own, stubbed. Like Stripe, the intent id follows the idempotency key, so a
 * repeated attempt reports the same intent.
 */
export class StubGateway implements PaymentGateway {
  charges: (ChargeRequest & { key: string })[] = [];
  refunds: { intentId: string; orderId: string }[] = [];
  onCharge: (req: ChargeRequest) => Promise<ChargeResult> = succeed;
  onRefund: (intentId: string, orderId: string) => Promise<void> = async () => {};

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    this.charges.push({ ...req, key: idempotencyKeyOf(req.orderId, req.attempt) });
    return this.onCharge(req);
  }

  async refund(intentId: string, orderId: string): Promise<void> {
    this.refunds.push({ intentId, orderId });
    await this.onRefund(intentId, orderId);
  }

  reset(): void {
    this.charges = [];
    this.refunds = [];
    this.onCharge = succeed;
    this.onRefund = async () => {};
  }
}

export const intentIdOf = (orderId: string, attempt: number) => `pi_${orderId}_${attempt}`;

/** Stripe's answer to a card that works. */
export const succeed = async (req: ChargeRequest): Promise<ChargeResult> => ({
  status: 'succeeded',
  intentId: intentIdOf(req.orderId, req.attempt),
});

/** A promise the test resolves when it chooses: holds a charge "at Stripe". */
export function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
