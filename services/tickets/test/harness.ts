import { randomUUID } from 'node:crypto';
import {
  DaprStateStore,
  noRateLimit,
  OutboxRelay,
  type EventPublisher,
  type OutboxRelayOptions,
} from '@ticketing/common';
import type { EventOf, Ticket } from '@ticketing/contracts';
import {
  checkContracts,
  RecordingPublisher,
  startStateSidecar,
  TEST_JWT_SECRET,
  testClock,
  testServiceDeps,
  testUser,
  useTestDatabase,
  type ContractCheckedApp,
  type Published,
  type StateSidecar,
  type TestUser,
} from '@ticketing/testkit';
import { Types } from 'mongoose';
import request from 'supertest';
import { buildApp } from '../src/app';
import { loadTicketsConfig } from '../src/config';
import { EventModel } from '../src/data/event-model';
import { listingLimitsIn } from '../src/data/limit-counts';
import { ensureIndexes, TicketModel } from '../src/data/ticket-model';
import { useOnSaleIndex } from '../src/data/ticket-repository';
import type { TicketsDeps } from '../src/domain/deps';

export { RecordingPublisher, type Published, type TestUser };
export const newUser = testUser;

/**
 * A relay on the tickets collection. Its first drain sweeps the whole collection, so a fresh one
 * publishes everything pending; after that it drains only the ids it is kicked with.
 */
export function ticketRelay(
  publisher: EventPublisher,
  opts: Partial<OutboxRelayOptions> = {},
): OutboxRelay {
  return new OutboxRelay({ model: TicketModel, publisher, logger: deps.logger, ...opts });
}

/** A relay on the events collection. */
export function eventRelay(publisher: EventPublisher): OutboxRelay {
  return new OutboxRelay({ model: EventModel, publisher, logger: deps.logger });
}

export interface Harness {
  /** The real app; every answer of a public route is checked against its contract. */
  app: ContractCheckedApp;
  /** What the app's use cases and handlers get; the clock stands at the file's start. */
  deps: TicketsDeps;
  /** The ticket ids the use cases asked the outbox relay to drain, in order. */
  kicks: string[];
  publisher: RecordingPublisher;
  /** Publishes every pending outbox entry through the recording publisher. */
  drain(): Promise<void>;
  /** Drains, then returns the events published so far about one ticket, in order. */
  eventsOf(ticketId: string): Promise<Published[]>;
}

// Start times are validated against the real time, so the clock starts at it (and stands).
const base = testServiceDeps('tickets', testClock(Date.now()));
const { kicks } = base;
/** The Events whose outbox a use case asked to drain, in order. */
export const eventKicks: string[] = [];
const deps: TicketsDeps = {
  ...base.deps,
  eventWritten: (id) => eventKicks.push(id),
  resalePriceCap: 1,
  listingLimits: { perUser: noRateLimit, perClient: noRateLimit },
};
export const logger = deps.logger;

/**
 * Starts the real app on a database of this test file's own. With `limits` (tickets' env), the
 * listing rate limits count in a real daprd's `appstate` store; without, they are off.
 */
export function useTicketsApp(opts: { limits?: Record<string, string> } = {}): Harness {
  const h = { deps, kicks, publisher: new RecordingPublisher() } as Harness;
  const db = useTestDatabase('tickets');
  let sidecar: StateSidecar | undefined;
  afterAll(async () => {
    await sidecar?.stop();
  });

  beforeAll(async () => {
    await ensureIndexes();
    // As main.ts does by default: the listing comes from the read model.
    await useOnSaleIndex();
    const config = loadTicketsConfig({
      APP_PORT: '3000',
      MONGO_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      ...opts.limits,
    });
    if (opts.limits) {
      sidecar = await startStateSidecar('tickets');
      const store = new DaprStateStore({
        storeName: 'appstate',
        daprHttpPort: Number(new URL(sidecar.url).port),
        daprApiToken: sidecar.token,
      });
      h.deps = { ...deps, listingLimits: listingLimitsIn(store, config) };
    }
    h.app = checkContracts(buildApp({ config, logger, deps: h.deps }));
    h.drain = () => ticketRelay(h.publisher).drain();
    h.eventsOf = async (ticketId) => {
      await h.drain();
      return h.publisher.published.filter((p) => p.event.id === ticketId);
    };
  });

  return h;
}

const DAY = 86_400_000;
export const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export function ticketBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Hamlet',
    category: 'theatre',
    venue: 'The Globe',
    startsAt: inDays(30),
    price: 2500,
    ...overrides,
  };
}

export type TicketJson = Ticket;

/** Lists tickets as `seller` and returns them. */
export async function createTickets(
  h: Harness,
  seller: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<TicketJson[]> {
  const res = await request(h.app)
    .post('/api/tickets')
    .set('Authorization', seller.auth)
    .send(ticketBody(overrides))
    .expect(201);
  return res.body.tickets as TicketJson[];
}

export async function createTicket(
  h: Harness,
  seller: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<TicketJson> {
  const [ticket] = await createTickets(h, seller, overrides);
  return ticket!;
}

/** A word no other test of the run uses, to keep listing tests apart. */
export const marker = () => `m${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const orderId = () => new Types.ObjectId().toHexString();

export function orderCreated(
  ticket: TicketJson,
  id = orderId(),
  buyer = newUser('buyer'),
): EventOf<'order.created'> {
  return {
    eventId: randomUUID(),
    version: 0,
    id,
    userId: buyer.id,
    status: 'created',
    expiresAt: inDays(1),
    ticket: {
      id: ticket.id,
      price: ticket.price,
      currency: ticket.currency,
      title: ticket.title,
      sellerId: ticket.sellerId,
    },
  };
}

export function orderCancelled(ticketId: string, id: string): EventOf<'order.cancelled'> {
  return { eventId: randomUUID(), version: 1, id, ticketId, reason: 'buyer' };
}

export function orderCompleted(
  ticketId: string,
  id: string,
  userId: string,
): EventOf<'order.completed'> {
  return { eventId: randomUUID(), version: 2, id, ticketId, userId, paymentId: randomUUID() };
}

/** The stored document, outbox included. */
export async function stored(id: string) {
  return TicketModel.findById(id).lean();
}
