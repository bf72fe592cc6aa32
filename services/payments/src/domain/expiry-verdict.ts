import type { ExpiryVerdict } from '@ticketing/contracts';
import { voidUnpaidCharge } from '../data/charges';
import type { PaymentsDeps } from './deps';

/**
 * What orders learns before it releases an expired hold (decision 022):
 * - `paid`: the money was taken; `payment.created` is on its way, so the order must not expire;
 * - `in-flight`: a charge is talking to Stripe right now; wait for its outcome a little;
 * - `closed`: nothing was taken, and from now on no payment can start for the order.
 */
export async function closeChargeForExpiry(
  deps: PaymentsDeps,
  orderId: string,
): Promise<ExpiryVerdict> {
  const charge = await voidUnpaidCharge(orderId, deps.now());
  switch (charge.state) {
    case 'succeeded':
      return 'paid';
    case 'processing':
      return 'in-flight';
    default:
      return 'closed';
  }
}
