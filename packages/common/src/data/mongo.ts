import mongoose from 'mongoose';
import { serializeWrites } from './write-locks';

// Registered on import, before any service compiles its models, so every schema gets it.
mongoose.plugin(serializeWrites);

/** One connection per service; the URL names the service's own database. */
export async function connectMongo(url: string, maxPoolSize = 10): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // A small pool: FerretDB turns each concurrent operation into a SQLite transaction that
  // queues for the single writer, so more connections only add waiting.
  return mongoose.connect(url, { serverSelectionTimeoutMS: 10_000, autoIndex: true, maxPoolSize });
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
