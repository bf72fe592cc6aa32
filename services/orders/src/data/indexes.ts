import { OrderModel } from './orders';
import { TicketModel } from './tickets';

/** Waits until the indexes exist; autoIndex would otherwise build them in the background. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([TicketModel.init(), OrderModel.init()]);
}
