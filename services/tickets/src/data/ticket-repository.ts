import {
  conflict,
  opStats,
  outboxEntry,
  withDocumentLock,
  type OutboxKick,
} from '@ticketing/common';
import type { Category, Ownership, Ticket } from '@ticketing/contracts';
import { Types, type FilterQuery, type SortOrder } from 'mongoose';
import {
  publicTicket,
  type Decision,
  type NewTicket,
  type TicketRecord,
  type TicketWrite,
} from '../domain/ticket-decision';
import { EventCatalog } from './event-catalog';
import { EventFigures } from './event-figures';
import { allEvents } from './event-repository';
import { OnSaleIndex } from './on-sale-index';
import { readModels, ticketWritten } from './read-models';
import { changeEntry, snapshotOf } from './ticket-events';
import { TicketModel } from './ticket-model';

/** The repository: tickets in and out of their collection, as plain records. */

/** A ticket as stored: dates as dates, the id as an ObjectId. */
interface StoredTicket extends Omit<
  TicketRecord,
  | 'id'
  | 'eventId'
  | 'startsAt'
  | 'createdAt'
  | 'deletedAt'
  | 'faceValue'
  | 'resale'
  | 'resales'
  | 'ownership'
> {
  _id: Types.ObjectId;
  // Absent on tickets listed before events and resale (migrate-events.ts fills eventId).
  eventId?: string | null;
  faceValue?: number;
  resale?: boolean;
  resales?: number;
  ownership?: (Omit<Ownership, 'at'> & { at: Date })[];
  startsAt: Date;
  createdAt: Date;
  deletedAt?: Date | null;
}

const NO_OUTBOX = { outbox: 0 } as const;

const toRecord = (doc: StoredTicket): TicketRecord => ({
  id: doc._id.toHexString(),
  eventId: doc.eventId ?? '',
  title: doc.title,
  category: doc.category,
  venue: doc.venue,
  startsAt: doc.startsAt.toISOString(),
  price: doc.price,
  currency: doc.currency,
  faceValue: doc.faceValue ?? doc.price,
  sellerId: doc.sellerId,
  status: doc.status,
  orderId: doc.orderId ?? null,
  holderId: doc.holderId ?? null,
  resale: doc.resale ?? false,
  resales: doc.resales ?? 0,
  ownership: (doc.ownership ?? []).map((o) => ({
    from: o.from,
    to: o.to,
    orderId: o.orderId,
    price: o.price,
    currency: o.currency,
    resale: o.resale,
    at: o.at.toISOString(),
  })),
  version: doc.version,
  eventKey: doc.eventKey,
  createdAt: doc.createdAt.toISOString(),
  deletedAt: doc.deletedAt ? doc.deletedAt.toISOString() : null,
});

/** Ids are ObjectIds; anything else cannot name a ticket. */
export const isTicketId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id);

/**
 * Inserts `quantity` tickets, each with its own ticket.created (version 0) in its outbox, and
 * names each one to `written` so the relay publishes it now.
 */
export async function insertTickets(
  written: OutboxKick,
  fields: NewTicket,
  quantity: number,
): Promise<Ticket[]> {
  const docs = Array.from({ length: quantity }, () => {
    const _id = new Types.ObjectId();
    const fresh = {
      faceValue: fields.price,
      status: 'available' as const,
      orderId: null,
      holderId: null,
      resale: false,
      resales: 0,
      version: 0,
    };
    const snapshot = snapshotOf({ ...fields, ...fresh, id: _id.toHexString() });
    return {
      _id,
      ...fields,
      ...fresh,
      startsAt: new Date(fields.startsAt),
      ownership: [],
      deletedAt: null,
      outbox: [outboxEntry('ticket.created', snapshot)],
    };
  });
  // Ordered: if one insert fails the rest are not tried; each inserted one is whole with its event.
  const inserted = await TicketModel.insertMany(docs, { ordered: true });
  // Its seller's view (the answer to their listing); read models strip it where it is public.
  const tickets = inserted.map((doc) =>
    publicTicket(toRecord(doc.toObject() as unknown as StoredTicket), fields.sellerId),
  );
  for (const ticket of tickets) {
    ticketWritten(ticket);
    written(ticket.id);
  }
  return tickets;
}

/**
 * Builds the read models (read-models.ts) from the store, one scan each at start, and keeps them
 * from then on; without them everything is read from the store.
 */
export async function useOnSaleIndex(): Promise<void> {
  const docs = await TicketModel.find({ deletedAt: null }, { outbox: 0, ownership: 0 }).lean<
    StoredTicket[]
  >();
  // Whole tickets, as ticketWritten gives them; the public routes strip holder and order.
  const tickets = docs.map((doc) => {
    const record = toRecord(doc);
    return publicTicket(record, record.sellerId);
  });
  const onSale = new OnSaleIndex();
  onSale.load(tickets);
  const figures = new EventFigures();
  figures.load(tickets);
  const catalog = new EventCatalog();
  catalog.load(await allEvents());
  Object.assign(readModels, { onSale, figures, catalog });
}

/** Back to reading from the store (tests of the store's queries). */
export function dropOnSaleIndex(): void {
  readModels.onSale = undefined;
  readModels.figures = undefined;
  readModels.catalog = undefined;
}

/** The ticket whatever its state, deleted ones included; undefined if there is none. */
export async function findTicket(id: string): Promise<TicketRecord | undefined> {
  if (!isTicketId(id)) return undefined;
  const doc = await TicketModel.findById(id, NO_OUTBOX).lean<StoredTicket>();
  return doc ? toRecord(doc) : undefined;
}

export interface OnSaleCriteria {
  /** Case-insensitive substring of the title or the venue. */
  text?: string;
  category?: Category;
  /** Only events starting after this instant (the listing never shows started events). */
  startsAfter: Date;
  from?: Date;
  to?: Date;
  minPrice?: number;
  maxPrice?: number;
}

export type OnSaleSort = 'date' | '-date' | 'price' | '-price';

const SORTS: Record<OnSaleSort, Record<string, SortOrder>> = {
  // _id last so equal keys still page in a stable order.
  date: { startsAt: 1, _id: 1 },
  '-date': { startsAt: -1, _id: -1 },
  price: { price: 1, startsAt: 1, _id: 1 },
  '-price': { price: -1, startsAt: 1, _id: 1 },
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One page of the tickets on sale, and how many match in all. */
export async function listOnSale(
  c: OnSaleCriteria,
  sort: OnSaleSort,
  page: number,
  limit: number,
): Promise<{ items: Ticket[]; total: number }> {
  if (readModels.onSale) {
    const { items, total, examined } = readModels.onSale.page(c, sort, page, limit);
    opStats.timing('listing.examined', examined);
    return { items, total };
  }
  const startsAt: Record<string, Date> = { $gt: c.startsAfter };
  if (c.from) startsAt.$gte = c.from;
  if (c.to) startsAt.$lte = c.to;
  const filter: FilterQuery<StoredTicket> = { status: 'available', deletedAt: null, startsAt };
  if (c.category) filter.category = c.category;
  if (c.minPrice !== undefined || c.maxPrice !== undefined) {
    filter.price = {
      ...(c.minPrice !== undefined ? { $gte: c.minPrice } : {}),
      ...(c.maxPrice !== undefined ? { $lte: c.maxPrice } : {}),
    };
  }
  if (c.text) {
    const pattern = escapeRegex(c.text);
    filter.$or = [
      { title: { $regex: pattern, $options: 'i' } },
      { venue: { $regex: pattern, $options: 'i' } },
    ];
  }
  const [docs, total] = await Promise.all([
    TicketModel.find(filter, NO_OUTBOX)
      .sort(SORTS[sort])
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<StoredTicket[]>(),
    TicketModel.countDocuments(filter),
  ]);
  return { items: docs.map((d) => publicTicket(toRecord(d))), total };
}

/**
 * Reads the ticket, lets `decide` choose, and applies its write only if the ticket is still at the
 * version it decided on: one conditional update that sets the fields, bumps the version and
 * pushes the event carrying the new version. If the ticket moved meanwhile (a write from another
 * process, on MongoDB), it reads and decides again, up to `attempts` times, then answers 409.
 * A write names the ticket to `written`, so the relay publishes its event now.
 */
export async function changeTicket<R>(
  written: OutboxKick,
  id: string,
  decide: (current: TicketRecord | undefined) => Decision<R>,
  attempts = 3,
): Promise<R> {
  // One change of a ticket at a time in this process: without it, changes racing on one
  // ticket would re-read and retry each other into 409s (the version check keeps them correct).
  return withDocumentLock(TicketModel.collection.name, id, async () => {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const current = await findTicket(id);
      const decision = decide(current);
      if ('done' in decision) return decision.done;
      if (!current) throw new Error(`asked to write ticket ${id}, which does not exist`);
      const after = await writeIfUnchanged(current, decision.write);
      if (after) {
        written(id);
        return decision.then(after);
      }
    }
    throw conflict('The ticket changed meanwhile; try again');
  });
}

async function writeIfUnchanged(
  current: TicketRecord,
  { set, guard, push, topic }: TicketWrite,
): Promise<TicketRecord | undefined> {
  const next: TicketRecord = {
    ...current,
    ...set,
    ownership: push ? [...current.ownership, push] : current.ownership,
    version: current.version + 1,
  };
  const entry = changeEntry(next, topic);
  const { startsAt, deletedAt, ...plain } = set;
  const result = await TicketModel.updateOne(
    { _id: current.id, version: current.version, deletedAt: null, ...guard },
    {
      $set: {
        ...plain,
        ...(startsAt !== undefined ? { startsAt: new Date(startsAt) } : {}),
        ...(deletedAt !== undefined ? { deletedAt: deletedAt && new Date(deletedAt) } : {}),
      },
      $inc: { version: 1 },
      $push: push
        ? { outbox: entry, ownership: { ...push, at: new Date(push.at) } }
        : { outbox: entry },
    },
  ).catch(async (err: unknown) => {
    // The write may or may not have landed: the read model follows what the store holds.
    const stored = await findTicket(current.id).catch(() => undefined);
    if (stored) ticketWritten(stored);
    throw err;
  });
  if (result.matchedCount !== 1) return undefined;
  ticketWritten(next);
  return next;
}

/**
 * The ids of the tickets of these events that are not deleted and are in one of `statuses`
 * (through the eventId index).
 */
export async function ticketIdsOfEvents(
  eventIds: string[],
  statuses: Ticket['status'][],
): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const docs = await TicketModel.find(
    { eventId: { $in: eventIds }, deletedAt: null, status: { $in: statuses } },
    { _id: 1 },
  ).lean<{ _id: Types.ObjectId }[]>();
  return docs.map((d) => d._id.toHexString());
}

/** The tickets `userId` holds, soonest event first. */
export async function findHeldBy(userId: string): Promise<TicketRecord[]> {
  const docs = await TicketModel.find({ holderId: userId, deletedAt: null }, NO_OUTBOX)
    .sort({ startsAt: 1, _id: 1 })
    .lean<StoredTicket[]>();
  return docs.map(toRecord);
}

export { toRecord as toTicketRecord, type StoredTicket };
