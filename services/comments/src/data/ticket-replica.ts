import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * Comments' copy of each listing: just what moderation and the lifecycle need (who sells it,
 * whether it is gone). Versions apply in order, as in orders' replica: version v only on top of
 * v-1, so a late or repeated event never undoes a newer one.
 */
export interface TicketReplica {
  id: string;
  sellerId: string;
  eventId: string | null;
  version: number;
  deleted: boolean;
}

interface TicketDoc extends Omit<TicketReplica, 'id'> {
  _id: string;
}

const ticketSchema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    eventId: { type: String, default: null },
    version: { type: Number, required: true },
    deleted: { type: Boolean, default: false },
  },
  { versionKey: false },
);

export const TicketReplicaModel = model<TicketDoc>('TicketReplica', ticketSchema, 'tickets');

export async function findTicket(id: string): Promise<TicketReplica | undefined> {
  const doc = await TicketReplicaModel.findById(id).lean<TicketDoc>();
  if (!doc) return undefined;
  return {
    id: doc._id,
    sellerId: doc.sellerId,
    eventId: doc.eventId ?? null,
    version: doc.version,
    deleted: doc.deleted ?? false,
  };
}

/** Inserts a listing's first known version; false when the replica already has it. */
export async function insertTicket(ticket: Omit<TicketReplica, 'deleted'>): Promise<boolean> {
  const { id, ...fields } = ticket;
  try {
    await TicketReplicaModel.create({ _id: id, ...fields, deleted: false });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

type Replicated = Partial<Pick<TicketDoc, 'sellerId' | 'eventId' | 'deleted'>>;

/** Applies version `version` on top of `version - 1`; false when the replica does not hold that. */
export async function applyTicketVersion(
  id: string,
  version: number,
  change: Replicated,
): Promise<boolean> {
  const res = await TicketReplicaModel.updateOne(
    { _id: id, version: version - 1 },
    { $set: { ...change, version } },
  );
  return res.matchedCount === 1;
}
