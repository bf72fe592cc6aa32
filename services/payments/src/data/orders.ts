import { isDuplicateKey } from '@ticketing/common';
import { OrderStatus } from '@ticketing/contracts';
import { Schema, model } from 'mongoose';

/** What payments knows of an order: enough to check who may pay, how much, and until when. */
export interface OrderReplica {
  id: string;
  userId: string;
  ticketId: string;
  price: number;
  currency: string;
  status: OrderStatus;
  version: number;
  expiresAt: Date;
}

const orderSchema = new Schema(
  {
    // The order's id as orders made it (an ObjectId string); kept as a string, looked up as given.
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    ticketId: { type: String, required: true },
    price: { type: Number, required: true },
    currency: { type: String, required: true },
    status: { type: String, enum: OrderStatus.options, required: true },
    version: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'orders' },
);

export const OrderModel = model('Order', orderSchema);

type OrderDoc = Omit<OrderReplica, 'id'> & { _id: string };
const toOrder = ({ _id, ...rest }: OrderDoc): OrderReplica => ({ id: _id, ...rest });

export async function findOrder(id: string): Promise<OrderReplica | undefined> {
  const doc = await OrderModel.findById(id).lean<OrderDoc>();
  return doc ? toOrder(doc) : undefined;
}

/** Inserts the replica; false when it was already there (a redelivered order.created). */
export async function insertOrder(order: OrderReplica): Promise<boolean> {
  const { id, ...rest } = order;
  try {
    await OrderModel.create({ _id: id, ...rest });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export type VersionedApply = 'applied' | 'duplicate' | 'not-yet';

/**
 * Applies version `version` only onto its predecessor, so events apply in order: `duplicate`
 * when the replica already holds it or a later one, `not-yet` when the replica is missing or
 * behind (the predecessor has not arrived).
 */
export async function applyOrderStatus(
  id: string,
  version: number,
  status: OrderStatus,
): Promise<VersionedApply> {
  const result = await OrderModel.updateOne(
    { _id: id, version: version - 1 },
    { $set: { status, version } },
  );
  if (result.matchedCount === 1) return 'applied';
  const current = await OrderModel.findById(id, { version: 1 }).lean<{ version: number }>();
  return current && current.version >= version ? 'duplicate' : 'not-yet';
}
