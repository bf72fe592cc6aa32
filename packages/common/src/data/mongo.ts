import mongoose from 'mongoose';
import { opStats } from '../runtime/op-stats';
import { serializeWrites, useWriteLocks } from './write-locks';

// Mongoose gives a global plugin only to schemas compiled after it, and models compile when
// their module loads, before any connection: so the hooks go on every schema here, inert, and
// connectMongo's `writeLocks` is what turns them on.
mongoose.plugin(serializeWrites);

export interface MongoOptions {
  /** A small pool: FerretDB turns each operation into a SQLite transaction on one writer. */
  poolSize?: number;
  /**
   * Serialise this process's writes per document (decision 004): needed on FerretDB 1.x, whose
   * updates are not atomic; off on real MongoDB, where they are.
   */
  writeLocks: boolean;
}

/** One connection per service; the URL names the service's own database. */
export async function connectMongo(
  url: string,
  { poolSize = 10, writeLocks }: MongoOptions,
): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  useWriteLocks(writeLocks);
  const connected = await mongoose.connect(url, {
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
    maxPoolSize: poolSize,
    // Counts every write command sent to the store (GET /debug/ops), for the benches.
    monitorCommands: true,
  });
  connected.connection.getClient().on('commandStarted', (e) => {
    if (WRITE_COMMANDS.has(e.commandName))
      opStats.write(String(e.command[e.commandName]), e.commandName);
  });
  return connected;
}

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify']);

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
