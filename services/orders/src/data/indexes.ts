import { OrderModel } from './orders';
import { TicketReplicaModel } from './ticket-replica';

/** Waits until the indexes exist; autoIndex would otherwise build them in the background. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([TicketReplicaModel.init(), OrderModel.init()]);
}
