/**
 * Chaos: a steady purchase load (orders, good and declined cards, cancellations, short hold
 * windows so expiries happen) while processes are SIGKILLed one at a time and restarted: each
 * app, each daprd, the broker, FerretDB, the scheduler and placement. Then the checker reads
 * every service's data and the clients' history, and a run that loses anything fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from '../../system/support/stack-helpers';
import { listTicket, signUp, type User } from '../../system/support/shop';
import { check, type History } from './checker';

const APPS = ['auth', 'tickets', 'orders', 'payments', 'expiration'];
const WINDOW_SECONDS = 8;
const TICKETS = 40;
const BUYERS = 6;
const GRACE_MS = 10_000;

type Fault = { target: string; what: 'app' | 'sidecar' | 'infra' };

function faultsFor(stack: Stack, PROFILE: string): Fault[] {
  const faults: Fault[] = [];
  for (const app of APPS) {
    faults.push({ target: app, what: 'app' }, { target: app, what: 'sidecar' });
  }
  const broker = PROFILE === 'redis' ? 'redis' : 'nats';
  for (const infra of [broker, 'ferretdb', 'scheduler', 'placement']) {
    const s = stack.services.get(infra);
    // A server this run did not start (an external Redis, a reused NATS) is not ours to kill.
    if (s?.process) faults.push({ target: infra, what: 'infra' });
  }
  return faults;
}

/**
 * A refused call as the report counts it: the status, and daprd's own error code when the answer
 * came from the sidecar rather than the app (ERR_DIRECT_INVOKE: the app is down or restarting).
 */
function outcome(res: { status: number; body: unknown } | undefined): string {
  if (!res) return 'error';
  const code = (res.body as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? `${res.status} ${code}` : String(res.status);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** The chaos suite for one broker profile (each profile has its own test file). */
export function chaosSuite(PROFILE: string): void {
  describe(`chaos (${PROFILE} profile): one process killed at a time during purchases`, () => {
    let stack: Stack;
    let mongo: MongoClient;
    const timeline: { fault: string; killedAt: number; healthyAt?: number }[] = [];

    beforeAll(async () => {
      stack = await startStack({
        ports: 'free',
        profile: PROFILE,
        only: APPS,
        env: { EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS) },
        // A busy 2-core machine can take minutes to bring everything up.
        timeoutMs: 180_000,
      });
      mongo = await MongoClient.connect(`mongodb://127.0.0.1:${stack.service('ferretdb').port}/`);
    });

    afterAll(async () => {
      await mongo?.close();
      await stack?.stop();
    });

    /**
     * SIGKILL one process and let the runner's supervisor bring it back (an app and its sidecar
     * as a pair); returns how long it took to be healthy again.
     */
    async function inject(fault: Fault): Promise<number> {
      const s = stack.service(fault.target);
      const victim = fault.what === 'sidecar' ? s.sidecar : s.process;
      if (!victim?.pid) throw new Error(`${fault.target} has no ${fault.what} process`);
      const before = stack.status(fault.target).restarts;
      const killedAt = Date.now();
      timeline.push({ fault: `${fault.target}:${fault.what}`, killedAt });
      process.kill(victim.pid, 'SIGKILL');
      await eventually(async () => {
        const st = stack.status(fault.target);
        return st.restarts > before && st.state === 'healthy' ? true : undefined;
      }, 90_000);
      timeline[timeline.length - 1]!.healthyAt = Date.now();
      return Date.now() - killedAt;
    }

    /**
     * What explains a late hold: the faults around its expiry, and every log line that names it
     * (the runner writes each process's log to `<dataDir>/logs`).
     */
    function explainLate(orderId: string, expiresAt: number): string {
      const near = timeline
        .filter((t) => t.killedAt > expiresAt - 15_000 && t.killedAt < expiresAt + 20_000)
        .map(
          (t) =>
            `  ${t.fault} killed at ${((t.killedAt - expiresAt) / 1000).toFixed(1)} s, healthy at ${
              t.healthyAt ? ((t.healthyAt - expiresAt) / 1000).toFixed(1) : '?'
            } s (from expiry)`,
        );
      const logs = path.join(stack.opts.dataDir, 'logs');
      const lines: string[] = [];
      for (const file of readdirSync(logs)) {
        for (const line of readFileSync(path.join(logs, file), 'utf8').split('\n')) {
          if (line.includes(orderId)) lines.push(`  ${file}: ${line.slice(0, 400)}`);
        }
      }
      return [`${orderId}:`, ...near, ...lines.slice(0, 30)].join('\n');
    }

    it('when every kind of process dies once under load, then nothing acknowledged is lost, nothing sold twice, nothing charged twice', async () => {
      const seller = await signUp(stack, 'seller');
      const buyers: User[] = [];
      for (let i = 0; i < BUYERS; i++) buyers.push(await signUp(stack, `buyer${i}`));
      const ticketIds: string[] = [];
      while (ticketIds.length < TICKETS) {
        const listed = await listTicket(stack, seller, { quantity: 10, price: 1500 });
        ticketIds.push(...listed.map((t) => t.id));
      }

      const history: History = { orders: new Map(), paid: new Set(), lateHolds: new Map() };
      const errors = new Map<string, number>();
      const note = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);
      let running = true;

      async function call(via: string, method: string, path: string, buyer: User, body?: unknown) {
        try {
          return await invoke(stack, via, via, method, path, { headers: buyer.auth, body });
        } catch {
          note(`${via} unreachable`);
          return undefined;
        }
      }

      async function shopper(buyer: User): Promise<void> {
        while (running) {
          const ticketId = pick(ticketIds);
          const placed = await call('orders', 'POST', 'api/orders', buyer, { ticketId });
          if (placed?.status !== 201) {
            note(`order ${outcome(placed)}`);
            await sleep(200);
            continue;
          }
          const order = placed.body as { id: string; expiresAt: string };
          history.orders.set(order.id, { ticketId, expiresAt: Date.parse(order.expiresAt) });
          const roll = Math.random();
          if (roll < 0.45) {
            const card = Math.random() < 0.25 ? 'pm_card_chargeDeclined' : 'pm_card_visa';
            for (let attempt = 0; attempt < 5 && running; attempt++) {
              const paid = await call('payments', 'POST', 'api/payments', buyer, {
                orderId: order.id,
                paymentMethod: card,
              });
              if (paid?.status === 201) history.paid.add(order.id);
              if (paid && [201, 202, 402, 409].includes(paid.status)) break;
              note(`pay ${outcome(paid)}`);
              await sleep(500);
            }
          } else if (roll < 0.65) {
            await call('orders', 'DELETE', `api/orders/${order.id}`, buyer);
          }
          // else: left to expire
          await sleep(100);
        }
      }

      /** Every second: any order still open more than the grace after its expiry is late. */
      async function observer(): Promise<void> {
        const orders = mongo.db('orders').collection('orders');
        while (running) {
          const cutoff = new Date(Date.now() - GRACE_MS);
          try {
            const late = await orders
              .find({
                status: { $in: ['created', 'awaiting:payment'] },
                expiresAt: { $lt: cutoff },
              })
              .project({ expiresAt: 1 })
              .toArray();
            for (const o of late) {
              history.lateHolds.set(String(o._id), Date.now() - (o.expiresAt as Date).getTime());
            }
          } catch {
            // FerretDB itself may be the process being killed
          }
          await sleep(1_000);
        }
      }

      const faults = faultsFor(stack, PROFILE);
      const load = [...buyers.map(shopper), observer()];
      const injected: string[] = [];
      const recovery: Record<string, number> = {};
      await sleep(3_000);
      for (const fault of faults) {
        const key = `${fault.target}:${fault.what}`;
        recovery[key] = await inject(fault);
        injected.push(key);
        await sleep(2_000);
      }
      // A last stretch without faults, then let every hold expire or settle.
      await sleep(3_000);
      running = false;
      await Promise.all(load);
      await eventually(
        async () => {
          const open = await mongo
            .db('orders')
            .collection('orders')
            .countDocuments({ status: { $in: ['created', 'awaiting:payment'] } });
          return open === 0 ? true : undefined;
        },
        WINDOW_SECONDS * 1000 + 60_000,
      );
      // Replicas and refunds catch up on their own (redelivery, sweeps).
      const verdict = await eventually(async () => {
        const v = await check(mongo, history);
        return v.counts.violations === 0 ? v : undefined;
      }, 60_000).catch(() => check(mongo, history));

      process.stdout.write(
        `chaos (${PROFILE}): ${JSON.stringify({
          faults: injected.length,
          recoveryMs: recovery,
          ...verdict.counts,
          clientErrors: Object.fromEntries(errors),
        })}\n`,
      );
      if (Object.keys(verdict.violations).length > 0) {
        process.stdout.write(`chaos violations: ${JSON.stringify(verdict.violations, null, 2)}\n`);
        for (const [orderId] of history.lateHolds) {
          const expiresAt = history.orders.get(orderId)?.expiresAt;
          if (expiresAt) process.stdout.write(`${explainLate(orderId, expiresAt)}\n`);
        }
      }
      expect(injected.length).toBe(faults.length);
      expect(history.orders.size).toBeGreaterThan(20);
      expect(verdict.violations).toEqual({});
    });
  });
}
