import { findOrder } from '../data/orders';
import { release } from './cancel-order';
import type { OrdersDeps, Outcome } from './deps';

/**
 * Our own `order.cancelled` came back: free the ticket again, in case the process stopped between
 * cancelling the order and freeing its ticket. Releasing twice changes nothing.
 */
export async function releaseTicketOf(deps: OrdersDeps, orderId: string): Promise<Outcome> {
  const order = await findOrder(orderId);
  // Only a cancelled order gives its ticket back, whatever an event claims.
  if (order?.status === 'cancelled') await release(deps, order);
  return 'done';
}
