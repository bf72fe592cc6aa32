import { isDuplicateKey, outboxField, type OutboxEntry } from '@ticketing/common';
import {
  OrderStatus,
  type CancelReason,
  type Order as OrderJson,
  type OrderCancelReason,
  type OrderTicket,
} from '@ticketing/contracts';
import { Schema, Types, model } from 'mongoose';

export const ORDER_STATES = OrderStatus.options;
export type OrderState = OrderStatus;
/** States in which an order still holds its ticket and can be paid or cancelled. */
export const OPEN_STATES: OrderState[] = ['created', 'awaiting:payment'];
export type { CancelReason, OrderTicket };
/**
 * `abandoned` is stored, never announced: the order was never written because its placing
 * stopped after the reservation, and the orphan sweeper claimed its id.
 */
export type StoredCancelReason = OrderCancelReason;

/** An order as the domain sees it: the API's shape with real dates. */
export interface Order extends Omit<OrderJson, 'expiresAt' | 'createdAt'> {
  expiresAt: Date;
  createdAt: Date;
}

interface OrderDoc extends Omit<Order, 'id'> {
  _id: Types.ObjectId;
  outbox: OutboxEntry[];
}

const orderSchema = new Schema<OrderDoc>(
  {
    userId: { type: String, required: true },
    status: { type: String, enum: ORDER_STATES, required: true },
    ticket: {
      id: { type: String, required: true },
      title: { type: String, required: true },
      price: { type: Number, required: true },
      currency: { type: String, required: true },
      sellerId: { type: String, required: true },
    },
    expiresAt: { type: Date, required: true },
    version: { type: Number, required: true },
    paymentId: { type: String, default: null },
    cancelReason: { type: String, default: null },
    // A priority hold for a wanted list: which join it was made for.
    wanted: {
      type: new Schema({ eventId: String, position: Number }, { _id: false }),
      default: null,
    },
    // Set from the domain's clock rather than by mongoose, so tests can age an order.
    createdAt: { type: Date, required: true },
    outbox: outboxField,
  },
  { versionKey: false },
);
orderSchema.index({ userId: 1, createdAt: -1 });
orderSchema.index({ 'wanted.eventId': 1, 'wanted.position': 1 });

export const OrderModel = model<OrderDoc>('Order', orderSchema, 'orders');

const PLAIN = { outbox: 0 } as const;
const isOrderId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

function toOrder(doc: Omit<OrderDoc, 'outbox'>): Order {
  const { _id, userId, status, ticket, expiresAt, version, paymentId, cancelReason, createdAt } =
    doc;
  const wanted = doc.wanted ? { eventId: doc.wanted.eventId, position: doc.wanted.position } : null;
  const { id, title, price, currency, sellerId } = ticket;
  return {
    id: _id.toHexString(),
    userId,
    status,
    ticket: { id, title, price, currency, sellerId },
    expiresAt,
    version,
    paymentId,
    cancelReason,
    createdAt,
    wanted,
  };
}

/** A fresh order id, chosen before anything is written so the reservation can name it. */
export const newOrderId = (): string => new Types.ObjectId().toHexString();

function docOf({ id, ...fields }: Order, outbox: OutboxEntry[]) {
  return { _id: new Types.ObjectId(id), ...fields, outbox };
}

/** Writes a new order with the events announcing it; throws a duplicate key if the id is taken. */
export async function insertOrder(order: Order, events: OutboxEntry[]): Promise<void> {
  await OrderModel.create(docOf(order, events));
}

/**
 * Takes the id of an order that was never written, as cancelled and unannounced, so the order's
 * own insert can no longer land (an insert on `_id` is atomic, on FerretDB too). False when the
 * order exists.
 */
export async function claimAbandonedOrder(
  fields: Pick<Order, 'id' | 'userId' | 'ticket' | 'expiresAt' | 'createdAt'>,
): Promise<boolean> {
  const order: Order = {
    ...fields,
    status: 'cancelled',
    version: 0,
    paymentId: null,
    cancelReason: 'abandoned',
    wanted: null,
  };
  try {
    await insertOrder(order, []);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function findOrder(id: string): Promise<Order | undefined> {
  if (!isOrderId(id)) return undefined;
  const doc = await OrderModel.findById(id, PLAIN).lean<OrderDoc>();
  return doc ? toOrder(doc) : undefined;
}

/** One page of a buyer's orders, newest first, and how many there are in all. */
export async function listOrdersOf(
  userId: string,
  status: OrderState | undefined,
  page: number,
  limit: number,
): Promise<{ items: Order[]; total: number }> {
  const filter = { userId, ...(status ? { status } : {}) };
  const [docs, total] = await Promise.all([
    OrderModel.find(filter, PLAIN)
      .sort({ createdAt: -1, _id: -1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<OrderDoc[]>(),
    OrderModel.countDocuments(filter),
  ]);
  return { items: docs.map(toOrder), total };
}

/** How many of a buyer's orders still hold a ticket: open and not yet past their expiry. */
export function countOpenOrdersOf(userId: string, now: Date): Promise<number> {
  return OrderModel.countDocuments({
    userId,
    status: { $in: OPEN_STATES },
    expiresAt: { $gt: now },
  });
}

/**
 * Moves the order from the state (and version) the caller read to the next one, pushing the
 * events of the change onto its outbox in the same write. Undefined when the order has moved on
 * since it was read.
 */
export async function transitionOrder(
  from: Pick<Order, 'id' | 'status' | 'version'>,
  change: Partial<Pick<Order, 'status' | 'version' | 'paymentId' | 'cancelReason'>>,
  events: OutboxEntry[],
): Promise<Order | undefined> {
  const doc = await OrderModel.findOneAndUpdate(
    { _id: from.id, status: from.status, version: from.version },
    { $set: change, $push: { outbox: { $each: events } } },
    // No projection: FerretDB 1.x does not implement `fields` on findAndModify.
    { new: true },
  ).lean<OrderDoc>();
  return doc ? toOrder(doc) : undefined;
}

/** Whether a priority hold was already made for this join of a wanted list. */
export async function holdMadeFor(eventId: string, position: number): Promise<boolean> {
  return (
    (await OrderModel.exists({ 'wanted.eventId': eventId, 'wanted.position': position })) !== null
  );
}
