import { randomBytes } from 'node:crypto';
import { connectMongo } from '@ticketing/common';
import mongoose from 'mongoose';

/** A database of its own for one test file, on the FerretDB the global setup started. */
export function testDatabaseUrl(prefix = 't'): string {
  const base = process.env.TEST_MONGO_BASE_URL;
  if (!base)
    throw new Error('TEST_MONGO_BASE_URL is not set: run tests through the root jest config');
  return `${base}/${prefix}_${randomBytes(6).toString('hex')}`;
}

/**
 * Connects this test file to a database of its own before its tests, as a service connects
 * (write locks on, FerretDB being the store), and drops it after them. Returns its URL once
 * connected (read it inside a hook or a test).
 */
export function useTestDatabase(prefix: string): { readonly url: string } {
  const db = { url: '' };
  beforeAll(async () => {
    db.url = testDatabaseUrl(prefix);
    await connectMongo(db.url, { writeLocks: true });
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });
  return db;
}
