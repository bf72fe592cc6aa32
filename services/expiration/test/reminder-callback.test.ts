import { CommunicationProtocolEnum, DaprServer, LogLevel } from '@dapr/dapr';
import { createLogger } from '@ticketing/common';
import { TEST_JWT_SECRET } from '@ticketing/testkit';
import { Events } from '@ticketing/contracts';
import type { Express } from 'express';
import request from 'supertest';
import { reminderBody } from '../src/actors/dapr-reminder-scheduler';
import { ACTOR_TYPE, REMINDER_NAME } from '../src/actors/names';
import {
  orderExpirationActor,
  type OrderExpirationDeps,
} from '../src/actors/order-expiration-actor';
import { ACTOR_RUNTIME_OPTIONS, registerActors } from '../src/actors/register-actors';
import { buildApp } from '../src/app';
import { RecentPublishes } from '../src/domain/recent-publishes';
import { loadExpirationConfig } from '../src/config';
import { FakeReminderScheduler, RecordingPublisher, uniqueId } from './fakes';

/**
 * The reminder callback as daprd calls it: through the app, the SDK's actor routes and the actor.
 * No sidecar is needed for this direction; the real sidecar is in actor-reminder.test.ts.
 */
const APP_API_TOKEN = 'app-api-token-for-the-callback-test';
const config = loadExpirationConfig({
  APP_PORT: '3000',
  MONGO_URL: 'mongodb://127.0.0.1:1/unused',
  JWT_SECRET: TEST_JWT_SECRET,
  APP_API_TOKEN,
});
const timing = {
  periodSeconds: config.EXPIRATION_REMINDER_PERIOD_SECONDS,
  ttlSeconds: config.EXPIRATION_REMINDER_TTL_SECONDS,
};

let app: Express;
let publisher: RecordingPublisher;
let reminders: FakeReminderScheduler;
let clock = 0;
// The actors read their dependencies when a reminder fires, so each test can swap the publisher.
const deps: OrderExpirationDeps = {
  publisher: new RecordingPublisher(),
  logger: createLogger('expiration-test'),
  recent: new RecentPublishes(60_000),
  reminders: new FakeReminderScheduler(),
  now: () => clock,
  maxEarlyWaitMs: 0,
};

beforeAll(async () => {
  app = buildApp({ config, logger: createLogger('expiration-test') });
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: '3000',
    serverHttp: app,
    clientOptions: {
      daprHost: '127.0.0.1',
      daprPort: '3500',
      communicationProtocol: CommunicationProtocolEnum.HTTP,
    },
    logger: { level: LogLevel.Error },
  });
  await registerActors(deps)(server);
});

beforeEach(() => {
  publisher = new RecordingPublisher();
  deps.publisher = publisher;
  reminders = new FakeReminderScheduler();
  deps.reminders = reminders;
});

/** What daprd sends when the reminder registered for this order fires. */
function fire(
  orderId: string,
  expiresAt: Date,
  data: unknown = reminderBody(orderId, expiresAt, timing).data,
) {
  return request(app)
    .put(`/actors/${ACTOR_TYPE}/${encodeURIComponent(orderId)}/method/remind/${REMINDER_NAME}`)
    .set('dapr-api-token', APP_API_TOKEN)
    .send({ data, dueTime: '', period: '' });
}

describe('the expire reminder callback', () => {
  it('when daprd asks for the actor config, then it gets the OrderExpiration type and the runtime settings', async () => {
    const res = await request(app)
      .get('/dapr/config')
      .set('dapr-api-token', APP_API_TOKEN)
      .expect(200);

    expect(res.body).toEqual({ entities: [ACTOR_TYPE], ...ACTOR_RUNTIME_OPTIONS });
    // The SDK takes the actor type from the class name.
    expect(orderExpirationActor(deps).name).toBe(ACTOR_TYPE);
  });

  it('when the reminder fires at or after expiresAt, then it answers 200 and expiration.complete is published for the order', async () => {
    const orderId = uniqueId('order');
    const expiresAt = new Date('2031-05-01T10:15:00.000Z');
    clock = expiresAt.getTime();

    await fire(orderId, expiresAt).expect(200);

    expect(publisher.published.map((p) => p.topic)).toEqual(['expiration.complete']);
    expect(Events['expiration.complete'].parse(publisher.published[0]!.event).orderId).toBe(
      orderId,
    );
    // Published is done: the reminder is removed rather than left firing every period.
    expect(reminders.calls).toEqual([`cancel ${orderId}`]);
  });

  it('when removing the reminder fails, then the callback still answers 200, and the next firing publishes nothing but removes it', async () => {
    const orderId = uniqueId('order');
    const expiresAt = new Date('2031-05-01T10:15:00.000Z');
    clock = expiresAt.getTime();
    reminders.failing = true;

    await fire(orderId, expiresAt).expect(200);
    reminders.failing = false;
    clock += 5000;
    await fire(orderId, expiresAt).expect(200);

    expect(publisher.published).toHaveLength(1);
    expect(reminders.calls).toEqual([`cancel ${orderId}`, `cancel ${orderId}`]);
  });

  it('when the reminder fires again before the republish window has passed, then nothing more is published; after it, expiration.complete is published again with a new event id', async () => {
    const orderId = uniqueId('order');
    const expiresAt = new Date('2031-05-01T10:15:00.000Z');
    clock = expiresAt.getTime();

    await fire(orderId, expiresAt).expect(200);
    for (const after of [5000, 30_000, 59_999]) {
      clock = expiresAt.getTime() + after;
      await fire(orderId, expiresAt).expect(200);
    }
    expect(publisher.published).toHaveLength(1);
    clock = expiresAt.getTime() + 60_000;
    await fire(orderId, expiresAt).expect(200);

    expect(publisher.published.map((p) => p.topic)).toEqual([
      'expiration.complete',
      'expiration.complete',
    ]);
    const events = publisher.published.map((p) => Events['expiration.complete'].parse(p.event));
    expect(events.map((e) => e.orderId)).toEqual([orderId, orderId]);
    expect(events[0]!.eventId).not.toBe(events[1]!.eventId);
  });

  it('when the reminder fires before expiresAt, then it answers 200 and publishes nothing', async () => {
    const orderId = uniqueId('order');
    const expiresAt = new Date('2031-05-01T10:15:00.000Z');
    clock = expiresAt.getTime() - 1;

    await fire(orderId, expiresAt).expect(200);

    expect(publisher.published).toEqual([]);
  });

  it('when one order was published lately, then another order due at the same time is still published', async () => {
    const [a, b] = [uniqueId('order'), uniqueId('order')];
    const expiresAt = new Date('2031-05-01T10:15:00.000Z');
    clock = expiresAt.getTime();

    await fire(a, expiresAt).expect(200);
    await fire(b, expiresAt).expect(200);
    await fire(a, expiresAt).expect(200);

    const events = publisher.published.map((p) => Events['expiration.complete'].parse(p.event));
    expect(events.map((e) => e.orderId)).toEqual([a, b]);
  });

  it('when publishing fails, then the callback answers 500 so daprd fires it again', async () => {
    const orderId = uniqueId('order');
    const expiresAt = new Date('2031-05-01T10:15:00.000Z');
    clock = expiresAt.getTime();
    publisher.failing = true;

    await fire(orderId, expiresAt).expect(500);
    expect(reminders.calls).toEqual([]);

    publisher.failing = false;
    await fire(orderId, expiresAt).expect(200);
    expect(publisher.published).toHaveLength(1);
  });

  it('when the reminder data cannot be read, then nothing is published', async () => {
    const orderId = uniqueId('order');
    clock = Date.UTC(2031, 4, 1);

    await fire(orderId, new Date(0), { orderId }).expect(200);
    await fire(orderId, new Date(0), '[object Object]').expect(200);

    expect(publisher.published).toEqual([]);
  });

  it('when the call does not carry the app token, then it is refused', async () => {
    await request(app)
      .put(`/actors/${ACTOR_TYPE}/o-1/method/remind/${REMINDER_NAME}`)
      .send({ data: '{}', dueTime: '', period: '' })
      .expect(401);

    expect(publisher.published).toEqual([]);
  });
});
