import { CommentModel } from './comments';
import { EventReplicaModel } from './event-replica';
import { ThreadModel, ThreadPageModel } from './threads';
import { TicketReplicaModel } from './ticket-replica';

/** Waits until the indexes exist: autoIndex builds them in the background otherwise. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all([
    CommentModel.init(),
    TicketReplicaModel.init(),
    EventReplicaModel.init(),
    ThreadModel.init(),
    ThreadPageModel.init(),
  ]);
}
