import { Events } from '@ticketing/contracts';
import { fireExpiration } from '../src/domain/fire-expiration';
import { RecordingPublisher } from './fakes';

const EXPIRES_AT = new Date('2031-05-01T10:15:00.000Z');

/** A clock that only moves when the code under test sleeps. */
function fakeTime(startMs: number) {
  const t = { now: startMs, slept: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number) => {
      t.slept.push(ms);
      t.now += ms;
    },
  };
}

describe('fireExpiration', () => {
  it('when the reminder fires at expiresAt, then expiration.complete is published for the order', async () => {
    const publisher = new RecordingPublisher();
    const { now, sleep } = fakeTime(EXPIRES_AT.getTime());

    await expect(
      fireExpiration({ orderId: 'o-1', expiresAt: EXPIRES_AT }, { publisher, now, sleep }),
    ).resolves.toBe('published');

    expect(publisher.published).toHaveLength(1);
    expect(publisher.published[0]!.topic).toBe('expiration.complete');
    const event = Events['expiration.complete'].parse(publisher.published[0]!.event);
    expect(event.orderId).toBe('o-1');
  });

  it('when the reminder fires again after expiresAt, then it publishes again with a new eventId', async () => {
    const publisher = new RecordingPublisher();
    const { now, sleep } = fakeTime(EXPIRES_AT.getTime() + 5000);

    await fireExpiration({ orderId: 'o-1', expiresAt: EXPIRES_AT }, { publisher, now, sleep });
    await fireExpiration({ orderId: 'o-1', expiresAt: EXPIRES_AT }, { publisher, now, sleep });

    const ids = publisher.published.map((p) => (p.event as { eventId: string }).eventId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('when the reminder fires well before expiresAt, then nothing is published', async () => {
    const publisher = new RecordingPublisher();
    const { now, sleep, t } = fakeTime(EXPIRES_AT.getTime() - 3000);

    await expect(
      fireExpiration(
        { orderId: 'o-1', expiresAt: EXPIRES_AT },
        { publisher, now, sleep, maxEarlyWaitMs: 1000 },
      ),
    ).resolves.toBe('early');

    expect(publisher.published).toEqual([]);
    expect(t.slept).toEqual([]);
  });

  it('when the reminder fires a little before expiresAt, then it waits until expiresAt and only then publishes', async () => {
    const publishedAt: number[] = [];
    const { now, sleep, t } = fakeTime(EXPIRES_AT.getTime() - 400);
    const publisher = new RecordingPublisher();
    const timed = {
      publish: async (...args: Parameters<RecordingPublisher['publish']>) => {
        publishedAt.push(t.now);
        await publisher.publish(...args);
      },
    };

    await expect(
      fireExpiration(
        { orderId: 'o-1', expiresAt: EXPIRES_AT },
        { publisher: timed, now, sleep, maxEarlyWaitMs: 1000 },
      ),
    ).resolves.toBe('published');

    expect(t.slept).toEqual([400]);
    expect(publishedAt).toEqual([EXPIRES_AT.getTime()]);
  });

  it('when a real timer wakes early, then it still does not publish before expiresAt', async () => {
    const publisher = new RecordingPublisher();
    const expiresAt = new Date(Date.now() + 50);
    let publishedAt = 0;
    const timed = {
      publish: async (...args: Parameters<RecordingPublisher['publish']>) => {
        publishedAt = Date.now();
        await publisher.publish(...args);
      },
    };

    await fireExpiration({ orderId: 'o-1', expiresAt }, { publisher: timed });

    expect(publishedAt).toBeGreaterThanOrEqual(expiresAt.getTime());
  });

  it('when publishing fails, then firing fails so the reminder is retried', async () => {
    const publisher = new RecordingPublisher();
    publisher.failing = true;
    const { now, sleep } = fakeTime(EXPIRES_AT.getTime());

    await expect(
      fireExpiration({ orderId: 'o-1', expiresAt: EXPIRES_AT }, { publisher, now, sleep }),
    ).rejects.toThrow('sidecar unavailable');
  });
});
