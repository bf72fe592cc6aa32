import { DaprStateStore, noRateLimit, OutboxRelay } from '@ticketing/common';
import type { EventOf, Topic } from '@ticketing/contracts';
import {
  checkContracts,
  RecordingPublisher,
  startStateSidecar,
  TEST_JWT_SECRET,
  testClock,
  testServiceDeps,
  useTestDatabase,
  type ContractCheckedApp,
  type StateSidecar,
  type Published,
} from '@ticketing/testkit';
import request from 'supertest';
import { buildApp } from '../src/app';
import { loadOrdersConfig, type OrdersConfig } from '../src/config';
import { ensureIndexes } from '../src/data/indexes';
import { orderLimitsIn } from '../src/data/limit-counts';
import { OrderModel } from '../src/data/orders';
import { FerretReservations } from '../src/data/ferret-reservations';
import { findTicket } from '../src/data/ticket-replica';
import type { ExpiryVerdict } from '@ticketing/contracts';
import type { OrdersDeps } from '../src/domain/deps';
import { ordersHandlers, type OrdersHandlers } from '../src/events/handlers';
import { StateInbox } from '../src/data/state-inbox';
import type { Inbox } from '../src/domain/inbox';

export { newId, testUser as user, type TestUser } from '@ticketing/testkit';
import { newId, type TestUser } from '@ticketing/testkit';

/** The clock starts here and moves only when a test moves it. */
export const CLOCK_START = Date.UTC(2030, 0, 1, 12, 0, 0);
const DAY = 86_400_000;

export interface Harness {
  /** The real app; every answer of a public route is checked against its contract. */
  app: ContractCheckedApp;
  config: OrdersConfig;
  deps: OrdersDeps;
  /** The order ids the domain asked the outbox relay to drain, in order. */
  kicks: string[];
  handlers: OrdersHandlers;
  advanceClock(ms: number): void;
  now(): Date;
  /** Publishes everything on the outboxes and returns what was published so far, in order. */
  flushEvents(): Promise<Published[]>;
  /**
   * What payments answers when an expired hold asks (default `closed`), or a thrown error for
   * payments unreachable; `paymentChecks` lists the order ids asked, in order.
   */
  paymentVerdict: ExpiryVerdict | Error;
  paymentChecks: string[];
  /** Flushes, then returns the published events of one topic about one order. */
  eventsOf<T extends 'order.created' | 'order.cancelled' | 'order.completed'>(
    topic: T,
    orderId: string,
  ): Promise<EventOf<T>[]>;
}

/** What a test that never notifies anyone gets: a loud refusal, not a stand-in. */
const noInbox: Inbox = {
  add: () =>
    Promise.reject(
      new Error('this test started no state sidecar (useOrdersApp({}, { inbox: true }))'),
    ),
  list: () => Promise.reject(new Error('this test started no state sidecar')),
  markRead: () => Promise.reject(new Error('this test started no state sidecar')),
};

/**
 * The real app and handlers on a database of this test file's own. With `inbox`, notifications
 * go to a real daprd's `appstate` store (SQLite), as in the stack; with `rateLimits`, so do the
 * placement rate limits (else they are off). The open-order cap is the config's (default 4).
 */
export function useOrdersApp(
  env: Record<string, string> = {},
  opts: { inbox?: boolean; rateLimits?: boolean } = {},
): Harness {
  const { deps, clock, kicks } = testServiceDeps('orders', testClock(CLOCK_START));
  const h = {
    kicks,
    now: clock.now,
    advanceClock: clock.advance,
    paymentVerdict: 'closed',
    paymentChecks: [],
  } as unknown as Harness;
  const db = useTestDatabase('orders');
  let sidecar: StateSidecar | undefined;
  afterAll(async () => {
    await sidecar?.stop();
  });
  beforeAll(async () => {
    if (opts.inbox || opts.rateLimits) sidecar = await startStateSidecar();
    await ensureIndexes();
    h.config = loadOrdersConfig({
      APP_PORT: '3000',
      MONGO_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      ...env,
    });
    const store =
      sidecar &&
      new DaprStateStore({
        storeName: 'appstate',
        daprHttpPort: Number(new URL(sidecar.url).port),
        daprApiToken: sidecar.token,
      });
    const publisher = new RecordingPublisher();
    // Events go out when a test flushes, so a test sees exactly what one step published.
    h.deps = {
      ...deps,
      expirationWindowMs: h.config.EXPIRATION_WINDOW_SECONDS * 1000,
      reservations: new FerretReservations(),
      wantedHoldMs: h.config.WANTED_HOLD_SECONDS * 1000,
      inbox: store && opts.inbox ? new StateInbox(store) : noInbox,
      // Payments is another service: its side of this is tested in services/payments, and the
      // two together in the system and chaos suites.
      payments: {
        closeForExpiry: async (orderId) => {
          h.paymentChecks.push(orderId);
          if (h.paymentVerdict instanceof Error) throw h.paymentVerdict;
          return h.paymentVerdict;
        },
      },
      limits:
        store && opts.rateLimits
          ? orderLimitsIn(store, h.config)
          : {
              maxOpenOrders: h.config.MAX_OPEN_ORDERS,
              perUser: noRateLimit,
              perClient: noRateLimit,
            },
    };
    h.handlers = ordersHandlers(h.deps);
    h.app = checkContracts(buildApp({ config: h.config, logger: deps.logger, deps: h.deps }));
    h.flushEvents = async () => {
      // A fresh relay's first drain sweeps the collection: everything pending goes out.
      await new OutboxRelay({ model: OrderModel, publisher, logger: deps.logger }).drain();
      return publisher.published;
    };
    h.eventsOf = async <T extends Topic>(topic: T, orderId: string) =>
      (await h.flushEvents())
        .filter((p) => p.topic === topic && p.event.id === orderId)
        .map((p) => p.event as unknown as EventOf<T>);
  });
  return h;
}

export function ticketEvent(
  overrides: Partial<EventOf<'ticket.created'>> = {},
): EventOf<'ticket.created'> {
  return {
    eventId: newId(),
    version: 0,
    id: newId(),
    title: 'Nabucco',
    category: 'opera',
    venue: 'Arena di Verona',
    startsAt: new Date(CLOCK_START + 30 * DAY).toISOString(),
    price: 4500,
    currency: 'eur',
    sellerId: newId(),
    status: 'available',
    orderId: null,
    holderId: null,
    resale: false,
    resales: 0,
    ...overrides,
  };
}

/** A ticket the replica knows, listed by a seller of its own. */
export async function listedTicket(
  h: Harness,
  overrides: Partial<EventOf<'ticket.created'>> = {},
): Promise<EventOf<'ticket.created'>> {
  const event = ticketEvent(overrides);
  expect(await h.handlers['ticket.created'](event)).toBe('success');
  return event;
}

export function placeOrder(h: Harness, buyer: TestUser, ticketId: string) {
  return request(h.app).post('/api/orders').set('Authorization', buyer.auth).send({ ticketId });
}

/** Places an order that must succeed and returns its JSON. */
export async function orderFor(h: Harness, buyer: TestUser, ticketId: string) {
  const res = await placeOrder(h, buyer, ticketId);
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string; version: number; expiresAt: string };
}

export function paymentEvent(orderId: string, paymentId = newId()): EventOf<'payment.created'> {
  return {
    eventId: newId(),
    id: paymentId,
    orderId,
    stripeId: 'pi_test',
    amount: 4500,
    currency: 'eur',
  };
}

export function expirationEvent(orderId: string): EventOf<'expiration.complete'> {
  return { eventId: newId(), orderId };
}

/** The replica as orders holds it; fails the test when the ticket is not there. */
export async function replicaOf(ticketId: string) {
  const ticket = await findTicket(ticketId);
  if (!ticket) throw new Error(`the replica has no ticket ${ticketId}`);
  return ticket;
}
