import { randomUUID } from 'node:crypto';
import {
  createLogger,
  OutboxRelay,
  signToken,
  type OutboxRelayOptions,
  type EventPublisher,
} from '@ticketing/common';
import { Events, type EventOf, type Topic } from '@ticketing/contracts';
import { testDatabaseUrl, checkContracts, type ContractCheckedApp } from '@ticketing/testkit';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { buildApp } from '../src/app';
import { loadTicketsConfig } from '../src/config';
import { ensureIndexes, TicketModel } from '../src/data/ticket-model';

export const JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const logger = createLogger('tickets-test');

/** Ticket events all carry these; the rest depends on the topic. */
export type RecordedEvent = { eventId: string; version: number; id: string } & Record<
  string,
  unknown
>;

export interface Published {
  topic: Topic;
  event: RecordedEvent;
}

/** The edge we own: records what the relay hands to the sidecar, checked against the contract. */
export class RecordingPublisher implements EventPublisher {
  readonly published: Published[] = [];

  async publish<T extends Topic>(topic: T, event: EventOf<T>): Promise<void> {
    this.published.push({ topic, event: Events[topic].parse(event) as RecordedEvent });
  }
}

export interface TestUser {
  id: string;
  email: string;
  auth: string;
}

export function newUser(tag = 'user'): TestUser {
  const id = new Types.ObjectId().toHexString();
  const email = `${tag}-${id}@example.com`;
  return { id, email, auth: `Bearer ${signToken({ id, email }, JWT_SECRET, 3600)}` };
}

/**
 * A relay on the tickets collection. Its first drain sweeps the whole collection, so a fresh one
 * publishes everything pending; after that it drains only the ids it is kicked with.
 */
export function ticketRelay(
  publisher: EventPublisher,
  opts: Partial<OutboxRelayOptions> = {},
): OutboxRelay {
  return new OutboxRelay({ model: TicketModel, publisher, logger, ...opts });
}

export interface Harness {
  /** The real app; every answer of a public route is checked against its contract. */
  app: ContractCheckedApp;
  /** The ticket ids the app asked the outbox relay to drain, in order. */
  kicks: string[];
  publisher: RecordingPublisher;
  /** Publishes every pending outbox entry through the recording publisher. */
  drain(): Promise<void>;
  /** Drains, then returns the events published so far about one ticket, in order. */
  eventsOf(ticketId: string): Promise<Published[]>;
}

/** Starts the real app on a database of this test file's own. */
export function useTicketsApp(): Harness {
  const h = { kicks: [] as string[], publisher: new RecordingPublisher() } as Harness;

  beforeAll(async () => {
    const url = testDatabaseUrl('tickets');
    await mongoose.connect(url);
    await ensureIndexes();
    const config = loadTicketsConfig({ APP_PORT: '3000', MONGO_URL: url, JWT_SECRET });
    h.app = checkContracts(
      buildApp({
        config,
        logger,
        afterWrite: (ticketId) => {
          h.kicks.push(ticketId);
        },
      }),
    );
    h.drain = () => ticketRelay(h.publisher).drain();
    h.eventsOf = async (ticketId) => {
      await h.drain();
      return h.publisher.published.filter((p) => p.event.id === ticketId);
    };
  });

  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
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

export interface TicketJson {
  id: string;
  title: string;
  category: string;
  venue: string;
  startsAt: string;
  price: number;
  currency: string;
  sellerId: string;
  status: string;
  orderId: string | null;
  holderId: string | null;
  version: number;
  eventKey: string;
  createdAt: string;
}

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
