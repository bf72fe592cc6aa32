import type { EventOf } from '@ticketing/contracts';
import { handleSafely } from '../src';
import { captureLogger } from './capture-logger';

const ping: EventOf<'system.ping'> = {
  eventId: 'evt-1',
  sentAt: new Date().toISOString(),
  note: 'hello',
};

describe('handleSafely', () => {
  it('when the event is valid and the handler succeeds, then its answer passes through', async () => {
    const { logger } = captureLogger();
    const seen: unknown[] = [];
    const result = await handleSafely(
      'system.ping',
      ping,
      async (e) => {
        seen.push(e);
        return 'success';
      },
      logger,
    );
    expect(result).toBe('success');
    expect(seen).toEqual([ping]);
  });

  it('when the handler asks for a retry itself, then retry passes through', async () => {
    const { logger } = captureLogger();
    expect(await handleSafely('system.ping', ping, async () => 'retry', logger)).toBe('retry');
  });

  it('when the event does not match its schema, then drop without calling the handler, and log it', async () => {
    const { logger, lines } = captureLogger();
    const handler = jest.fn(async () => 'success' as const);
    const result = await handleSafely(
      'system.ping',
      { eventId: 'evt-2', note: 42 },
      handler,
      logger,
    );
    expect(result).toBe('drop');
    expect(handler).not.toHaveBeenCalled();
    expect(
      lines().some((l) => l.msg === 'dropping malformed event' && l.topic === 'system.ping'),
    ).toBe(true);
  });

  it('when the handler throws, then retry, and the failure is logged', async () => {
    const { logger, text } = captureLogger();
    const result = await handleSafely(
      'system.ping',
      ping,
      async () => {
        throw new Error('database is down');
      },
      logger,
    );
    expect(result).toBe('retry');
    expect(text()).toContain('database is down');
  });
});
