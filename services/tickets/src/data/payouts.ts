import { isDuplicateKey } from '@ticketing/common';
import type { Payout } from '@ticketing/contracts';
import { PayoutModel } from './payout-model';

interface StoredPayout extends Omit<Payout, 'id' | 'createdAt'> {
  _id: string;
  buyerId: string;
  createdAt: Date;
}

const toPayout = ({ _id, buyerId: _b, createdAt, ...p }: StoredPayout): Payout => ({
  id: _id,
  ...p,
  createdAt: createdAt.toISOString(),
});

/** Records what is owed for one resale; recording the same sale again changes nothing. */
export async function recordPayout(
  p: Omit<Payout, 'status' | 'createdAt'> & { buyerId: string; createdAt: string },
): Promise<void> {
  const { id, createdAt, ...rest } = p;
  try {
    await PayoutModel.create({ _id: id, ...rest, status: 'owed', createdAt: new Date(createdAt) });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** What `sellerId` is owed, newest first. */
export async function payoutsOf(sellerId: string): Promise<Payout[]> {
  const docs = await PayoutModel.find({ sellerId }).sort({ createdAt: -1 }).lean<StoredPayout[]>();
  return docs.map(toPayout);
}
