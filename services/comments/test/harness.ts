import type { EventOf } from '@ticketing/contracts';
import {
  checkContracts,
  newId,
  TEST_JWT_SECRET,
  testClock,
  testServiceDeps,
  testUser,
  useTestDatabase,
  type ContractCheckedApp,
  type TestUser,
} from '@ticketing/testkit';
import { noRateLimit, type RateLimiter } from '@ticketing/common';
import request from 'supertest';
import { buildApp } from '../src/app';
import { loadCommentsConfig } from '../src/config';
import { ensureIndexes } from '../src/data/indexes';
import type { CommentsDeps } from '../src/domain/deps';
import { commentsHandlers, type CommentsHandlers } from '../src/events/handlers';

export { newId, testUser as user, type TestUser };

export const CLOCK_START = Date.UTC(2030, 0, 1, 12, 0, 0);

export interface Harness {
  /** The real app; every answer of a public route is checked against its contract. */
  app: ContractCheckedApp;
  deps: CommentsDeps;
  handlers: CommentsHandlers;
  advanceClock(ms: number): void;
}

/**
 * The real app and handlers on a database of this test file's own. The rate limit is off
 * (COMMENTS_RATE_LIMIT=0) unless a test file gives a limiter on a real state store.
 */
export function useCommentsApp(rateLimiter: () => RateLimiter = () => noRateLimit): Harness {
  const { deps, clock } = testServiceDeps('comments', testClock(CLOCK_START));
  const h = { advanceClock: clock.advance } as Harness;
  const db = useTestDatabase('comments');
  beforeAll(async () => {
    await ensureIndexes();
    const config = loadCommentsConfig({
      APP_PORT: '3000',
      MONGO_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
    });
    h.deps = { logger: deps.logger, now: deps.now, rateLimiter: rateLimiter() };
    h.handlers = commentsHandlers();
    h.app = checkContracts(buildApp({ config, logger: deps.logger, deps: h.deps }));
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
    startsAt: new Date(CLOCK_START + 30 * 86_400_000).toISOString(),
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

/** A listing the replica knows, with its seller as a signed-in user. */
export async function listedTicket(h: Harness): Promise<{ id: string; seller: TestUser }> {
  const seller = testUser('seller');
  const event = ticketEvent({ sellerId: seller.id });
  expect(await h.handlers['ticket.created'](event)).toBe('success');
  return { id: event.id, seller };
}

export function deletedEvent(ticketId: string, version: number): EventOf<'ticket.deleted'> {
  return { eventId: newId(), id: ticketId, version };
}

export function post(h: Harness, author: TestUser, body: Record<string, unknown>) {
  return request(h.app).post('/api/comments').set('Authorization', author.auth).send(body);
}

/** Posts a comment that must succeed and returns its JSON. */
export async function commentOn(h: Harness, author: TestUser, ticketId: string, text = 'Hi') {
  const res = await post(h, author, { ticketId, text });
  expect(res.status).toBe(201);
  return res.body as { id: string; text: string; edited: boolean; createdAt: string };
}

export function listFor(h: Harness, query: Record<string, string>) {
  return request(h.app).get('/api/comments').query(query);
}

export function eventSnapshot(
  overrides: Partial<EventOf<'event.created'>> = {},
): EventOf<'event.created'> {
  return {
    eventId: newId(),
    version: 0,
    id: newId(),
    title: 'Nabucco',
    category: 'opera',
    venue: 'Arena di Verona',
    startsAt: new Date(CLOCK_START + 30 * 86_400_000).toISOString(),
    status: 'scheduled',
    ...overrides,
  };
}

/** An event the replica knows. */
export async function knownEvent(h: Harness): Promise<string> {
  const e = eventSnapshot();
  expect(await h.handlers['event.created'](e)).toBe('success');
  return e.id;
}
