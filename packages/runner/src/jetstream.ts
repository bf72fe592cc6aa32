import { connect } from 'nats';

const WEEK_NS = 7 * 24 * 3600 * 1e9;

/**
 * Dapr's JetStream component publishes into, and binds consumers to, an existing stream,
 * so the stream that holds our topics is made (or widened) before any sidecar starts.
 */
export async function ensureStream(url: string, name: string, subjects: string[]): Promise<void> {
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    const jsm = await nc.jetstreamManager();
    try {
      const info = await jsm.streams.info(name);
      const missing = subjects.filter((s) => !info.config.subjects?.includes(s));
      if (missing.length > 0) {
        await jsm.streams.update(name, { subjects: [...(info.config.subjects ?? []), ...missing] });
      }
    } catch (err) {
      if (!/stream not found/i.test(String(err))) throw err;
      await jsm.streams.add({ name, subjects, max_age: WEEK_NS });
    }
  } finally {
    await nc.close();
  }
}

/**
 * `ensureStream`, tried again every half second until `timeoutMs` has passed: a NATS server that
 * accepts connections may still be starting JetStream (its API times out), more so on a busy
 * machine or right after a restart.
 */
export async function ensureStreamWithin(
  url: string,
  name: string,
  subjects: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await ensureStream(url, name, subjects);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
