import mongoose, { Schema } from 'mongoose';
import { connectMongo } from '../src';
import { testDatabaseUrl } from '@ticketing/testkit';

/** These numbers come out wrong on FerretDB 1.x without the write locks (see write-locks.ts). */
describe('serialised writes', () => {
  const Seat = mongoose.model(
    'LockSeat',
    new Schema({
      _id: String,
      heldBy: { type: Number, default: null },
      n: { type: Number, default: 0 },
    }),
  );

  beforeAll(async () => {
    await connectMongo(testDatabaseUrl('locks'), { writeLocks: true });
  });

  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });

  it('when 30 conditional updates race for one document, then exactly one wins', async () => {
    await Seat.create({ _id: 'a' });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        Seat.findOneAndUpdate({ _id: 'a', heldBy: null }, { $set: { heldBy: i } }).lean(),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('when increments race on one document and across the collection, then none is lost', async () => {
    await Seat.create([{ _id: 'b' }, { _id: 'c' }]);
    await Promise.all([
      ...Array.from({ length: 25 }, () => Seat.updateOne({ _id: 'b' }, { $inc: { n: 1 } })),
      ...Array.from({ length: 5 }, () =>
        Seat.updateMany({ _id: { $in: ['b', 'c'] } }, { $inc: { n: 1 } }),
      ),
    ]);
    const docs = await Seat.find({ _id: { $in: ['b', 'c'] } })
      .sort({ _id: 1 })
      .lean();
    expect(docs.map((d) => d.n)).toEqual([30, 5]);
  });

  it('when a write fails, then the lock is released and later writes proceed', async () => {
    await Seat.create({ _id: 'd' });
    await expect(Seat.updateOne({ _id: 'd' }, { $inc: { n: 'x' } as never })).rejects.toThrow();
    await Seat.updateOne({ _id: 'd' }, { $inc: { n: 1 } });
    expect((await Seat.findById('d').lean())?.n).toBe(1);
  });
});

describe('withDocumentLock', () => {
  const Box = mongoose.model(
    'LockBox',
    new Schema({ _id: String, n: { type: Number, default: 0 } }),
  );
  const { withDocumentLock } = jest.requireActual(
    '../src/data/write-locks',
  ) as typeof import('../src/data/write-locks');

  beforeAll(async () => {
    if (mongoose.connection.readyState !== 1)
      await connectMongo(testDatabaseUrl('locks2'), { writeLocks: true });
  });

  it('when read-then-write sequences race inside the lock, then each sees the previous write', async () => {
    await Box.create({ _id: 'r' });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withDocumentLock(Box.collection.name, 'r', async () => {
          const cur = await Box.findById('r').lean();
          await Box.updateOne({ _id: 'r' }, { $set: { n: (cur?.n ?? 0) + 1 } });
        }),
      ),
    );
    expect((await Box.findById('r').lean())?.n).toBe(10);
  });
});
