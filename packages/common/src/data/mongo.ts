import mongoose from 'mongoose';
import { opStats } from '../runtime/op-stats';
import { serializeWrites } from './write-locks';

// Registered on import, before any service compiles its models, so every schema gets it.
mongoose.plugin(serializeWrites);

/** One connection per service; the URL names the service's own database. */
export async function connectMongo(url: string, maxPoolSize = 10): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // A small pool: FerretDB turns each concurrent operation into a SQLite transaction that
  // queues for the single writer, so more connections only add waiting.
  const connected = await mongoose.connect(url, {
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
    maxPoolSize,
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
