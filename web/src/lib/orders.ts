import type { Order } from './types';

/** How a cancelled order ended, as the buyer reads it. */
export const cancelledAs = (o: Pick<Order, 'cancelReason'>): 'Expired' | 'Cancelled' =>
  o.cancelReason === 'expired' ? 'Expired' : 'Cancelled';

export const orderLabel = (o: Order) => (o.status === 'cancelled' ? cancelledAs(o) : undefined);
