/**
 * Supervision under the runner: a process killed from outside (SIGKILL, as the kernel's OOM
 * killer or a crash would) comes back healthy by itself, with its partner when it is an app or
 * a sidecar, and a purchase works afterwards. Prints restart-to-healthy per kind of process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '@ticketing/runner';
import { getOrder, listTicket, orderWhenKnown, payWhenKnown, signUp } from './support/shop';
import { eventually, gone } from './support/stack-helpers';

jest.setTimeout(300_000);

const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration'];
const times: Record<string, number> = {};

/** SIGKILL one pid from outside the runner: the runner did not ask for this exit. */
function crash(pid: number | undefined): void {
  if (!pid) throw new Error('no pid to kill');
  process.kill(pid, 'SIGKILL');
}

/** Waits until the service has been restarted once more and is healthy; returns the time taken. */
async function backHealthy(stack: Stack, name: string, restartsBefore: number): Promise<number> {
  await eventually(async () => {
    const st = stack.status(name);
    return st.state === 'healthy' && st.restarts === restartsBefore + 1 ? true : undefined;
  }, 120_000);
  return stack.status(name).lastRestartToHealthyMs!;
}

/** A whole purchase through the sidecars: list, order, pay, complete. */
async function purchaseWorks(stack: Stack): Promise<void> {
  const seller = await signUp(stack, 'seller');
  const buyer = await signUp(stack, 'buyer');
  const [ticket] = await listTicket(stack, seller);
  const order = await orderWhenKnown(stack, buyer, ticket!.id, 60_000);
  expect(order.status).toBe(201);
  const orderId = (order.body as { id: string }).id;
  const payment = await payWhenKnown(stack, buyer, orderId);
  expect(payment.status).toBe(201);
  await eventually(
    async () => ((await getOrder(stack, buyer, orderId)).status === 'complete' ? true : undefined),
    60_000,
  );
}

describe('a stack under supervision', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', only: SERVICES });
  });

  afterAll(async () => {
    await stack?.stop();
    const dir = path.resolve(__dirname, '../../test-output');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'supervision-times.json'), JSON.stringify(times, null, 2) + '\n');
    process.stdout.write(`restart-to-healthy (ms): ${JSON.stringify(times)}\n`);
  });

  it('when an app is killed, then it and its sidecar come back healthy and a purchase works', async () => {
    const orders = stack.service('orders');
    const [appPid, sidecarPid] = [orders.process!.pid!, orders.sidecar!.pid!];
    crash(appPid);
    times.app = await backHealthy(stack, 'orders', 0);
    // The pair restarted: both processes are new, and the old sidecar is gone.
    expect(orders.process!.pid).not.toBe(appPid);
    expect(orders.sidecar!.pid).not.toBe(sidecarPid);
    expect(gone(sidecarPid)).toBe(true);
    expect(stack.status('orders').lastExit?.what).toBe('orders exited (SIGKILL)');
    await purchaseWorks(stack);
  });

  it('when a sidecar is killed, then it and its app come back healthy and a purchase works', async () => {
    const tickets = stack.service('tickets');
    const [appPid, sidecarPid] = [tickets.process!.pid!, tickets.sidecar!.pid!];
    crash(sidecarPid);
    times.sidecar = await backHealthy(stack, 'tickets', 0);
    expect(tickets.sidecar!.pid).not.toBe(sidecarPid);
    expect(tickets.process!.pid).not.toBe(appPid);
    expect(gone(appPid)).toBe(true);
    await purchaseWorks(stack);
  });

  it('when the broker this run started is killed, then it comes back and a purchase works', async () => {
    const nats = stack.service('nats');
    expect(nats.reused).toBe(false);
    crash(nats.process!.pid);
    times.broker = await backHealthy(stack, 'nats', 0);
    await purchaseWorks(stack);
  });

  it('when FerretDB is killed, then it comes back and a purchase works', async () => {
    crash(stack.service('ferretdb').process!.pid);
    times.ferretdb = await backHealthy(stack, 'ferretdb', 0);
    await purchaseWorks(stack);
  });

  it('then the status table shows the restarts', () => {
    const rows = stack.table().split('\n');
    const row = (name: string) =>
      rows
        .find((r) => r.startsWith(name + ' '))!
        .trim()
        .split(/\s+/);
    expect(row('orders')).toEqual(expect.arrayContaining(['healthy']));
    expect(row('orders').at(-1)).toBe('1');
    expect(row('auth').at(-1)).toBe('0');
  });
});

describe('a process that keeps crashing', () => {
  let stack: Stack;
  const lines: string[] = [];

  beforeAll(async () => {
    // Postgres: a wrapper and a group of server processes, all of which must go each time.
    stack = await startStack({
      ports: 'free',
      only: ['postgres'],
      log: (l) => {
        lines.push(l);
        process.stdout.write(`${l}\n`);
      },
      // Two restarts within the window make a loop here, and no long waits.
      restartPolicy: {
        initialMs: 100,
        maxMs: 200,
        resetAfterMs: 60_000,
        maxRestarts: 2,
        windowMs: 120_000,
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when it crashes once more than the policy allows, then it is reported as a crash loop and left stopped', async () => {
    for (let i = 0; i < 2; i++) {
      crash(stack.service('postgres').process!.pid);
      await backHealthy(stack, 'postgres', i);
    }
    const lastPid = stack.service('postgres').process!.pid!;
    crash(lastPid);
    await eventually(async () => (stack.status('postgres').state === 'crashed' ? true : undefined));
    expect(stack.status('postgres').message).toMatch(/crashed again after 2 restarts within 2 min/);
    expect(lines.some((l) => /postgres is crash-looping/.test(l))).toBe(true);
    // Left stopped: no new process a while later.
    await new Promise((r) => setTimeout(r, 1000));
    expect(stack.service('postgres').process!.pid).toBe(lastPid);
    expect(stack.status('postgres').state).toBe('crashed');
  });

  it('when it is started again by hand, then it runs and is supervised again', async () => {
    await stack.startService('postgres');
    expect(stack.status('postgres').state).toBe('healthy');
    expect(stack.service('postgres').process!.running).toBe(true);
  });
});
