import { randomBytes } from 'node:crypto';

/** A database of its own for one test file, on the FerretDB the global setup started. */
export function testDatabaseUrl(prefix = 't'): string {
  const base = process.env.TEST_MONGO_BASE_URL;
  if (!base)
    throw new Error('TEST_MONGO_BASE_URL is not set: run tests through the root jest config');
  return `${base}/${prefix}_${randomBytes(6).toString('hex')}`;
}
