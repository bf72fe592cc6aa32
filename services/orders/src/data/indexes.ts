import { OrderModel } from './orders';
import { TicketReplicaModel } from './ticket-replica';
import { WantedCounterModel, WantedEntryModel } from './wanted-lists';

/** Waits until the indexes exist; autoIndex would otherwise build them in the background. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([
    TicketReplicaModel.init(),
    OrderModel.init(),
    WantedEntryModel.init(),
    WantedCounterModel.init(),
  ]);
}
