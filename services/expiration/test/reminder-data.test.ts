import { reminderBody } from '../src/actors/dapr-reminder-scheduler';
import { readReminderData } from '../src/actors/reminder-data';

describe('the reminder registration', () => {
  const expiresAt = new Date('2031-05-01T10:15:00.123Z');
  const timing = { periodSeconds: 5, ttlSeconds: 900 };
  const body = reminderBody('o-1', expiresAt, timing, expiresAt.getTime() - 60_000);

  it('when an order is scheduled, then the reminder is due exactly at expiresAt, repeats every period and stops after the ttl', () => {
    expect(body.dueTime).toBe('2031-05-01T10:15:00.123Z');
    expect(body.period).toBe('5s');
    expect(body.ttl).toBe('2031-05-01T10:30:00.123Z');
  });

  it('when order.created arrives after expiresAt, then the reminder is due at once and its ttl counts from now', () => {
    const late = reminderBody('o-1', expiresAt, timing, expiresAt.getTime() + 3_600_000);

    expect(late.dueTime).toBe('2031-05-01T10:15:00.123Z');
    expect(late.ttl).toBe('2031-05-01T11:30:00.123Z');
  });

  it('when the reminder data comes back from daprd as the string it was stored as, then it reads as the order and its expiresAt', () => {
    expect(typeof body.data).toBe('string');
    expect(readReminderData(body.data)).toEqual({
      orderId: 'o-1',
      expiresAt: '2031-05-01T10:15:00.123Z',
    });
  });

  it.each([
    ['an object', { orderId: 'o-1', expiresAt: '2031-05-01T10:15:00.123Z' }],
    [
      'JSON in a JSON string',
      JSON.stringify(JSON.stringify({ orderId: 'o-1', expiresAt: '2031-05-01T10:15:00.123Z' })),
    ],
    [
      'base64 of JSON',
      Buffer.from(
        JSON.stringify({ orderId: 'o-1', expiresAt: '2031-05-01T10:15:00.123Z' }),
      ).toString('base64'),
    ],
  ])('when the data arrives as %s, then it is read', (_how, raw) => {
    expect(readReminderData(raw)).toEqual({
      orderId: 'o-1',
      expiresAt: '2031-05-01T10:15:00.123Z',
    });
  });

  it.each([
    ['nothing', undefined],
    ["the SDK's rendering of an object", '[object Object]'],
    ['no expiresAt', JSON.stringify({ orderId: 'o-1' })],
    ['a bad expiresAt', JSON.stringify({ orderId: 'o-1', expiresAt: 'soon' })],
  ])('when the data is %s, then it is not read', (_how, raw) => {
    expect(readReminderData(raw)).toBeUndefined();
  });
});
