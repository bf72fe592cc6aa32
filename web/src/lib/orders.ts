import type { Order } from './types';

/**
 * Why a cancelled order ended. The API does not say yet (see web/README.md), so an order whose
 * hold had run out counts as expired.
 */
export function cancelledAs(
  o: Order & { cancelReason?: string },
  now = Date.now(),
): 'Expired' | 'Cancelled' {
  if (o.cancelReason) return o.cancelReason === 'expired' ? 'Expired' : 'Cancelled';
  return new Date(o.expiresAt).getTime() <= now ? 'Expired' : 'Cancelled';
}

export const orderLabel = (o: Order) => (o.status === 'cancelled' ? cancelledAs(o) : undefined);
