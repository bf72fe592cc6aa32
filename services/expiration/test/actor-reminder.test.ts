import { existsSync } from 'node:fs';
import { startStack, type Stack } from '@ticketing/runner';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { ACTOR_TYPE, REMINDER_NAME } from '../src/actors/names';
import { orderCancelled, orderCreated, uniqueId } from './fakes';

/**
 * The expiration app beside a real daprd, placement, scheduler and NATS, started by the runner.
 * Events go into the broker's stream directly; expiration.complete is watched on NATS itself.
 */
jest.setTimeout(60_000);

// Prebuilt binaries, when the toolchain cache does not have them.
const WARM = '/root/.cache/ticketing-tools/bin-warm';
for (const [env, file] of [
  ['DAPRD_BIN', `${WARM}/daprd`],
  ['PLACEMENT_BIN', `${WARM}/placement`],
  ['SCHEDULER_BIN', `${WARM}/scheduler`],
  ['FERRETDB_BIN', `${WARM}/ferretdb`],
  ['NATS_SERVER_BIN', '/usr/sbin/nats-server'],
] as const) {
  if (!process.env[env] && existsSync(file)) process.env[env] = file;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: Stack;
let nats: NatsConnection;
/** Every expiration.complete seen on the broker: order id and when it arrived. */
const seen: { orderId: string; at: number }[] = [];

beforeAll(async () => {
  stack = await startStack({
    ports: 'free',
    only: ['expiration'],
    env: { EXPIRATION_REMINDER_PERIOD_SECONDS: '5' },
  });
  nats = await connect({ servers: `nats://127.0.0.1:${stack.service('nats').port}` });
  const codec = StringCodec();
  const sub = nats.subscribe('expiration.complete');
  void (async () => {
    for await (const msg of sub) {
      const cloudEvent = JSON.parse(codec.decode(msg.data)) as { data: { orderId: string } };
      seen.push({ orderId: cloudEvent.data.orderId, at: Date.now() });
    }
  })();
  await nats.flush();
}, 60_000);

afterAll(async () => {
  await nats?.close();
  if (!stack) return;
  const pids = stack.pids();
  await stack.stop();
  const alive = pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  expect(alive).toEqual([]);
}, 60_000);

/**
 * Puts an event on the broker as its owner's sidecar would (orders publishes order.*): straight
 * into the stream, since the topic scopes let expiration's own sidecar publish only
 * expiration.complete. Its sidecar wraps the plain JSON in a CloudEvent on delivery.
 */
async function publish(topic: string, event: unknown): Promise<void> {
  const ack = await nats.jetstream().publish(topic, StringCodec().encode(JSON.stringify(event)));
  expect(ack.stream).toBe('TICKETING');
}

/** Whether the sidecar holds the order's reminder (a missing one answers non-200 or empty). */
async function hasReminder(orderId: string): Promise<boolean> {
  const res = await fetch(
    `${stack.daprUrl('expiration')}/v1.0/actors/${ACTOR_TYPE}/${orderId}/reminders/${REMINDER_NAME}`,
    {
      headers: { 'dapr-api-token': stack.daprApiToken },
    },
  );
  const text = await res.text();
  return res.status === 200 && text.includes(orderId);
}

async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const arrivals = (orderId: string) => seen.filter((s) => s.orderId === orderId);

describe('expiration through a real sidecar', () => {
  it('when an order is created, then expiration.complete arrives at expiresAt, not before and at most 1.5 s after', async () => {
    const orderId = uniqueId('order');
    const expiresAt = Date.now() + 2000;

    await publish('order.created', orderCreated(orderId, new Date(expiresAt)));
    await until('expiration.complete', () => arrivals(orderId).length > 0, 10_000);

    const first = arrivals(orderId)[0]!;
    expect(first.at).toBeGreaterThanOrEqual(expiresAt);
    expect(first.at - expiresAt).toBeLessThanOrEqual(1500);
  });

  it('when the order is cancelled before it expires, then no expiration.complete arrives', async () => {
    const orderId = uniqueId('order');
    const expiresAt = Date.now() + 3000;

    await publish('order.created', orderCreated(orderId, new Date(expiresAt)));
    await until('the reminder', () => hasReminder(orderId));
    await publish('order.cancelled', orderCancelled(orderId));
    await until('the reminder to go', async () => !(await hasReminder(orderId)));
    await sleep(Math.max(0, expiresAt - Date.now()) + 1500);

    expect(arrivals(orderId)).toEqual([]);
  });

  it('when order.created arrives after expiresAt, then expiration.complete arrives at once and only once: the fired reminder is removed', async () => {
    const orderId = uniqueId('order');
    const expiresAt = Date.now() - 4000;
    const sentAt = Date.now();

    await publish('order.created', orderCreated(orderId, new Date(expiresAt)));
    await until('expiration.complete', () => arrivals(orderId).length > 0, 10_000);
    await until('the reminder to go', async () => !(await hasReminder(orderId)));

    expect(arrivals(orderId)[0]!.at - sentAt).toBeLessThanOrEqual(1500);
    // Two periods (5 s) later nothing more has come, with no order.cancelled sent.
    await sleep(11_000);
    expect(arrivals(orderId)).toHaveLength(1);
  });

  it('when the app and its sidecar are killed and restarted before expiresAt, then expiration.complete still arrives', async () => {
    const orderId = uniqueId('order');
    const expiresAt = Date.now() + 4000;
    await publish('order.created', orderCreated(orderId, new Date(expiresAt)));
    await until('the reminder', () => hasReminder(orderId));

    await stack.stopService('expiration', { kill: true });
    await stack.startService('expiration');
    const backAt = Date.now();
    await until('expiration.complete', () => arrivals(orderId).length > 0, 20_000);

    const first = arrivals(orderId)[0]!;
    expect(first.at).toBeGreaterThanOrEqual(expiresAt);
    // On time, or promptly after the restart if that took longer than the hold.
    expect(first.at - Math.max(expiresAt, backAt)).toBeLessThanOrEqual(1500);
  });

  it('when the app and its sidecar are down at expiresAt, then expiration.complete arrives once they are back', async () => {
    const orderId = uniqueId('order');
    const expiresAt = Date.now() + 1500;
    await publish('order.created', orderCreated(orderId, new Date(expiresAt)));
    await until('the reminder', () => hasReminder(orderId));

    await stack.stopService('expiration', { kill: true });
    await sleep(Math.max(0, expiresAt - Date.now()) + 1000);
    expect(arrivals(orderId)).toEqual([]);
    await stack.startService('expiration');
    await until('expiration.complete', () => arrivals(orderId).length > 0, 20_000);

    expect(arrivals(orderId)[0]!.at).toBeGreaterThanOrEqual(expiresAt);
  });
});
