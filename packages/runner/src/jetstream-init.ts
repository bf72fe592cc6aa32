/**
 * One-shot for container deployments (docker compose, Kubernetes jobs): makes the JetStream
 * stream that the pubsub.jetstream component binds to, as the runner does for `npm start`.
 * Reads NATS_URL, JETSTREAM_STREAM and JETSTREAM_SUBJECTS (comma-separated); retries while
 * NATS is still starting, and exits 0 once the stream exists with every subject.
 */
import { ensureStreamWithin } from './jetstream';

const TIMEOUT_MS = 60_000;

async function main() {
  const url = process.env.NATS_URL;
  const stream = process.env.JETSTREAM_STREAM;
  const subjects = (process.env.JETSTREAM_SUBJECTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!url || !stream || subjects.length === 0) {
    throw new Error('NATS_URL, JETSTREAM_STREAM and JETSTREAM_SUBJECTS are required');
  }
  await ensureStreamWithin(url, stream, subjects, TIMEOUT_MS);
  process.stdout.write(`jetstream-init: stream ${stream} has ${subjects.join(', ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `jetstream-init failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
