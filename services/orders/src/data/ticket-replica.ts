import { isDuplicateKey } from '@ticketing/common';
import { Schema, model } from 'mongoose';

/**
 * The ticket replica: orders' copy of each ticket. The description and `version` come from ticket
 * events only (replicate-ticket.ts); `reservedBy` and `soldTo` are decided by the reservations
 * (data/ferret-reservations.ts, behind the domain's Reservations port) and never taken from an
 * event. Every conditional update is one atomic write: on MongoDB by itself, on FerretDB through
 * the per-document write lock (decision 004).
 */
export interface TicketDescription {
  id: string;
  title: string;
  price: number;
  currency: string;
  startsAt: Date;
  sellerId: string;
  version: number;
  /** The round of sale: grows each time the holder relists it (0: its first listing). */
  resales: number;
  /** Its holder took their resale off sale: no one can order it until it is relisted. */
  withdrawn: boolean;
  /** The ticket's Event (tickets' `eventRef`), which wanted lists are kept per. */
  eventId: string | null;
  /** Its current listing is a resale by its holder. */
  resale: boolean;
}

export interface TicketReplica extends TicketDescription {
  deleted: boolean;
  /** The order holding the ticket (kept once it is sold). */
  reservedBy: string | null;
  /** When it was reserved, and for which buyer: what the orphan sweeper needs. */
  reservedAt: Date | null;
  reservedFor: string | null;
  /** The buyer who paid for it. */
  soldTo: string | null;
  /**
   * Back on sale and first offered to the event's wanted list: nobody else may reserve it until
   * the list's first taker has it or nobody on the list wants it (domain/priority-hold.ts).
   */
  offering: boolean;
}

export interface TicketDoc extends Omit<TicketReplica, 'id'> {
  _id: string;
}

const ticketSchema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    price: { type: Number, required: true },
    currency: { type: String, required: true },
    startsAt: { type: Date, required: true },
    sellerId: { type: String, required: true },
    version: { type: Number, required: true },
    resales: { type: Number, default: 0 },
    withdrawn: { type: Boolean, default: false },
    eventId: { type: String, default: null },
    resale: { type: Boolean, default: false },
    deleted: { type: Boolean, default: false },
    reservedBy: { type: String, default: null },
    reservedAt: { type: Date, default: null },
    reservedFor: { type: String, default: null },
    soldTo: { type: String, default: null },
    offering: { type: Boolean, default: false },
  },
  { versionKey: false },
);
// The orphan sweep looks for old reservations (FerretDB scans anyway; MongoDB uses it).
ticketSchema.index({ reservedAt: 1 });
// Sold-out checks and demand per event.
ticketSchema.index({ eventId: 1 });

export const TicketReplicaModel = model<TicketDoc>('TicketReplica', ticketSchema, 'tickets');

export const toTicket = ({
  _id,
  title,
  price,
  currency,
  startsAt,
  sellerId,
  version,
  resales,
  withdrawn,
  eventId,
  resale,
  deleted,
  reservedBy,
  reservedAt,
  reservedFor,
  soldTo,
  offering,
}: TicketDoc): TicketReplica => ({
  id: _id,
  title,
  price,
  currency,
  startsAt,
  sellerId,
  version,
  // Absent on replicas made before resale.
  resales: resales ?? 0,
  withdrawn: withdrawn ?? false,
  eventId: eventId ?? null,
  resale: resale ?? false,
  deleted,
  reservedBy,
  reservedAt: reservedAt ?? null,
  reservedFor: reservedFor ?? null,
  soldTo,
  offering: offering ?? false,
});

export async function findTicket(id: string): Promise<TicketReplica | undefined> {
  const doc = await TicketReplicaModel.findById(id).lean<TicketDoc>();
  return doc ? toTicket(doc) : undefined;
}

/** Reads of a ticket in flight; every write of the ticket below drops its entry when it ends. */
const reading = new Map<string, Promise<TicketReplica | undefined>>();

/**
 * Like findTicket, but concurrent callers share one read: a flash crowd costs one round trip per
 * ticket rather than one per buyer. A caller that arrives after a write of this process to the
 * ticket ended never joins a read that started before it.
 */
export function findTicketShared(id: string): Promise<TicketReplica | undefined> {
  let read = reading.get(id);
  if (!read) {
    read = findTicket(id).finally(() => {
      if (reading.get(id) === read) reading.delete(id);
    });
    reading.set(id, read);
  }
  return read;
}

/** Runs a write of the ticket, then lets later readers see it (see findTicketShared). */
export async function writing<T>(id: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    reading.delete(id);
  }
}

/**
 * Inserts a ticket's first version; false when the replica already has it. `offering` keeps it
 * for the event's wanted list until that list had its turn.
 */
export async function insertTicket(ticket: TicketDescription, offering = false): Promise<boolean> {
  const { id, ...fields } = ticket;
  try {
    await writing(id, () =>
      TicketReplicaModel.create({
        _id: id,
        ...fields,
        deleted: false,
        reservedBy: null,
        reservedAt: null,
        reservedFor: null,
        soldTo: null,
        offering,
      }),
    );
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

type Replicated = Partial<
  Pick<
    TicketDoc,
    | 'title'
    | 'price'
    | 'currency'
    | 'startsAt'
    | 'sellerId'
    | 'deleted'
    | 'withdrawn'
    | 'resales'
    | 'eventId'
    | 'resale'
  >
>;

/** What a new round of sale clears: the last round's buyer no longer holds it here. */
const FREED = { reservedBy: null, reservedAt: null, reservedFor: null, soldTo: null };

/**
 * Applies version `version` on top of `version - 1`; false when the replica does not hold that.
 * `newRound` (the holder relisted it) also frees the ticket, in the same conditional write, and
 * with `offer` frees it into an offer to the event's wanted list (domain/priority-hold.ts).
 */
export async function applyTicketVersion(
  id: string,
  version: number,
  change: Replicated,
  newRound = false,
  offer = false,
): Promise<boolean> {
  const freed = newRound ? { ...FREED, ...(offer ? { offering: true } : {}) } : {};
  const res = await writing(id, () =>
    TicketReplicaModel.updateOne(
      { _id: id, version: version - 1 },
      { $set: { ...change, ...freed, version } },
    ),
  );
  return res.matchedCount === 1;
}

/** Whether any ticket of the event is on sale to everyone (not held, sold, or being offered). */
export async function eventHasTicketOnSale(eventId: string): Promise<boolean> {
  const doc = await TicketReplicaModel.findOne(
    {
      eventId,
      deleted: false,
      reservedBy: null,
      soldTo: null,
      withdrawn: { $ne: true },
      offering: { $ne: true },
    },
    { _id: 1 },
  ).lean();
  return doc !== null;
}

/** One ticket of the event, for what all its tickets share (title, start, currency). */
export async function anyTicketOfEvent(eventId: string): Promise<TicketReplica | undefined> {
  const doc = await TicketReplicaModel.findOne({ eventId, deleted: false }).lean<TicketDoc>();
  return doc ? toTicket(doc) : undefined;
}

/** The events of the tickets a buyer holds now, with a title for each. */
export async function eventsHeldBy(userId: string): Promise<Map<string, string>> {
  const docs = await TicketReplicaModel.find(
    {
      // Bought, or bought and then a resale withdrawn (the holder is its seller again).
      $or: [{ soldTo: userId }, { sellerId: userId, withdrawn: true }],
      deleted: false,
      eventId: { $ne: null },
    },
    { eventId: 1, title: 1 },
  ).lean<Pick<TicketDoc, 'eventId' | 'title'>[]>();
  return new Map(docs.map((d) => [d.eventId!, d.title]));
}
