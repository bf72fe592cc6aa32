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
ticketSchema.index({ eventId: 1 });

export const TicketReplicaModel = model<TicketDoc>('TicketReplica', ticketSchema, 'tickets');

const toTicket = (doc: TicketDoc): TicketReplica => ({
  id: doc._id,
  sellerId: doc.sellerId,
  eventId: doc.eventId ?? null,
  version: doc.version,
  deleted: doc.deleted ?? false,
});

export async function findTicket(id: string): Promise<TicketReplica | undefined> {
  const doc = await TicketReplicaModel.findById(id).lean<TicketDoc>();
  return doc ? toTicket(doc) : undefined;
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

/**
 * Applies version `version` on top of `version - 1`, returning the replica as it was before;
 * undefined when the replica does not hold that version.
 */
export async function applyTicketVersion(
  id: string,
  version: number,
  change: Replicated,
): Promise<TicketReplica | undefined> {
  const before = await TicketReplicaModel.findOneAndUpdate(
    { _id: id, version: version - 1 },
    { $set: { ...change, version } },
  ).lean<TicketDoc>();
  return before ? toTicket(before) : undefined;
}

/** The listings the replica knows of an event. */
export async function ticketIdsOfEvent(eventId: string): Promise<string[]> {
  const docs = await TicketReplicaModel.find({ eventId }, { _id: 1 }).lean<{ _id: string }[]>();
  return docs.map((d) => d._id);
}
