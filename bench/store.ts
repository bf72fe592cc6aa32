/**
 * The store on its own: FerretDB 1.x on its sqlite handler (the flags tye.yaml had) against its
 * postgresql handler on the embedded Postgres (scripts/embedded-postgres.ts). For collections of
 * 100, 2,000 and 20,000 documents: 32 clients doing the write a hold does (a conditional
 * `updateOne({_id, status})`), and a listing page (filter on status, sort, limit 12).
 *
 *   npx tsx bench/store.ts [--sizes 100,2000,20000] [--seconds 5] [--clients 32]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { freePort, tcpOpen } from '@ticketing/runner';
import { toolPath } from '@ticketing/toolchain';
import { arg, pct, say } from './support/stack';

const sizes = process.argv.includes('--sizes')
  ? process.argv[process.argv.indexOf('--sizes') + 1]!.split(',').map(Number)
  : [100, 2000, 20_000];
const SECONDS = arg('seconds', 5);
const CLIENTS = arg('clients', 32);
const REPO = path.resolve(__dirname, '..');

async function until(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await tcpOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

async function startStore(handler: 'sqlite' | 'postgresql') {
  const dir = mkdtempSync(path.join(tmpdir(), 'store-bench-'));
  const port = await freePort();
  const children: ChildProcess[] = [];
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
    `--state-dir=${dir}`,
  ];
  if (handler === 'sqlite') {
    args.push(
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/?_txlock=immediate&_pragma=synchronous(normal)`,
    );
  } else {
    const pgPort = await freePort();
    children.push(
      spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/embedded-postgres.ts',
          '--data-dir',
          `${dir}/pg`,
          '--port',
          String(pgPort),
        ],
        {
          cwd: REPO,
          stdio: 'ignore',
        },
      ),
    );
    await until(pgPort);
    args.push(
      '--handler=postgresql',
      `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/ferretdb`,
    );
  }
  children.unshift(spawn(toolPath('ferretdb'), args, { stdio: 'ignore' }));
  await until(port);
  return {
    url: `mongodb://127.0.0.1:${port}/bench`,
    stop: async () => {
      for (const c of children) {
        c.kill('SIGTERM');
        await new Promise((r) => c.once('exit', r));
      }
    },
  };
}

async function measure(handler: 'sqlite' | 'postgresql') {
  const store = await startStore(handler);
  const conn = await mongoose.createConnection(store.url, { maxPoolSize: CLIENTS }).asPromise();
  const coll = conn.db!.collection<{ _id: number; status: string; startsAt: Date; n: number }>(
    'tickets',
  );
  const rows = [];
  try {
    let have = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      const inserted = size - have;
      for (; have < size; have = Math.min(size, have + 1000)) {
        const docs = Array.from({ length: Math.min(size, have + 1000) - have }, (_, k) => ({
          _id: have + k,
          status: 'a',
          startsAt: new Date(Date.now() + (((have + k) * 7919) % 1e9)),
          n: 0,
        }));
        await coll.insertMany(docs);
      }
      const insertSeconds = (performance.now() - t0) / 1000;
      let updates = 0;
      const end = performance.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (performance.now() < end) {
            const id = Math.floor(Math.random() * size);
            // Flip between two states: each write is conditional on the state it read.
            const doc = await coll.findOne({ _id: id });
            const next = doc?.status === 'a' ? 'b' : 'a';
            await coll.updateOne(
              { _id: id, status: doc?.status ?? 'a' },
              { $set: { status: next } },
            );
            updates++;
          }
        }),
      );
      const listing: number[] = [];
      for (let i = 0; i < 20; i++) {
        const q0 = performance.now();
        await coll.find({ status: 'a' }).sort({ startsAt: 1 }).limit(12).toArray();
        listing.push(performance.now() - q0);
      }
      listing.sort((a, b) => a - b);
      const row = {
        bench: 'store',
        store: `ferretdb+${handler}`,
        docs: size,
        clients: CLIENTS,
        readThenConditionalUpdatePerSecond: Math.round(updates / SECONDS),
        insertDocsPerSecond: Math.round(inserted / insertSeconds),
        listingP50ms: pct(listing, 50),
        listingP95ms: pct(listing, 95),
      };
      rows.push(row);
      process.stdout.write(JSON.stringify(row) + '\n');
    }
  } finally {
    await conn.close();
    await store.stop();
  }
  return rows;
}

async function main() {
  say(`store: ${sizes.join(', ')} documents, ${CLIENTS} clients, ${SECONDS} s per size`);
  await measure('sqlite');
  await measure('postgresql');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
