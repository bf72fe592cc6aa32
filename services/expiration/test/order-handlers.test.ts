import { createLogger, handleSafely, type EventHandler } from '@ticketing/common';
import type { EventOf, Topic } from '@ticketing/contracts';
import { RecentPublishes } from '../src/domain/recent-publishes';
import { onOrderCancelled, onOrderCompleted, onOrderCreated } from '../src/events/order-handlers';
import {
  FakeReminderScheduler,
  orderCancelled,
  orderCompleted,
  orderCreated,
  uniqueId,
} from './fakes';

const logger = createLogger('expiration-test');

/** A handler as the subscriber runs it: a throw becomes RETRY, a malformed event DROP. */
const subscribed =
  <T extends Topic>(topic: T, handler: EventHandler<T>) =>
  (event: EventOf<T>) =>
    handleSafely(topic, event, handler, logger);

function setup() {
  const scheduler = new FakeReminderScheduler();
  const recent = new RecentPublishes(60_000);
  const deps = { scheduler, logger, recent };
  return {
    scheduler,
    recent,
    created: subscribed('order.created', onOrderCreated(deps)),
    cancelled: subscribed('order.cancelled', onOrderCancelled(deps)),
    completed: subscribed('order.completed', onOrderCompleted(deps)),
  };
}

describe('order event handlers', () => {
  it('when order.created arrives, then a reminder is scheduled for that order at its expiresAt', async () => {
    const { scheduler, created } = setup();
    const id = uniqueId('order');
    const expiresAt = new Date('2031-05-01T10:15:00.123Z');

    await expect(created(orderCreated(id, expiresAt))).resolves.toBe('success');

    expect(scheduler.reminders.get(id)?.toISOString()).toBe('2031-05-01T10:15:00.123Z');
  });

  it('when the same order.created arrives twice, then both succeed and the order still has one reminder', async () => {
    const { scheduler, created } = setup();
    const id = uniqueId('order');
    const event = orderCreated(id, new Date('2031-05-01T10:15:00Z'));

    const results = await Promise.all([created(event), created(event)]);

    expect(results).toEqual(['success', 'success']);
    expect(scheduler.reminders.size).toBe(1);
    expect(scheduler.reminders.get(id)?.toISOString()).toBe('2031-05-01T10:15:00.000Z');
  });

  it("when order.cancelled arrives, then the order's reminder is removed and others stay", async () => {
    const { scheduler, created, cancelled } = setup();
    const [a, b] = [uniqueId('order'), uniqueId('order')];
    await created(orderCreated(a, new Date('2031-05-01T10:15:00Z')));
    await created(orderCreated(b, new Date('2031-05-01T10:16:00Z')));

    await expect(cancelled(orderCancelled(a))).resolves.toBe('success');

    expect([...scheduler.reminders.keys()]).toEqual([b]);
  });

  it("when order.cancelled or order.completed arrives, then the order's recent publish is forgotten", async () => {
    const { recent, cancelled, completed } = setup();
    const [a, b, c] = [uniqueId('order'), uniqueId('order'), uniqueId('order')];
    for (const id of [a, b, c]) recent.published(id, 1000);

    await cancelled(orderCancelled(a));
    await completed(orderCompleted(b));

    expect([a, b, c].map((id) => recent.within(id, 1001))).toEqual([false, false, true]);
  });

  it("when order.completed arrives, then the order's reminder is removed", async () => {
    const { scheduler, created, completed } = setup();
    const id = uniqueId('order');
    await created(orderCreated(id, new Date('2031-05-01T10:15:00Z')));

    await expect(completed(orderCompleted(id))).resolves.toBe('success');

    expect(scheduler.reminders.has(id)).toBe(false);
  });

  it('when order.cancelled or order.completed arrives for an order without a reminder, or twice, then it succeeds', async () => {
    const { scheduler, cancelled, completed } = setup();
    const id = uniqueId('order');

    expect(await cancelled(orderCancelled(id))).toBe('success');
    expect(await cancelled(orderCancelled(id))).toBe('success');
    expect(await completed(orderCompleted(id))).toBe('success');

    expect(scheduler.calls).toEqual([`cancel ${id}`, `cancel ${id}`, `cancel ${id}`]);
  });

  it('when the sidecar fails to schedule or remove a reminder, then each handler asks for redelivery', async () => {
    const { scheduler, created, cancelled, completed } = setup();
    const id = uniqueId('order');
    scheduler.failing = true;

    expect(await created(orderCreated(id, new Date('2031-05-01T10:15:00Z')))).toBe('retry');
    expect(await cancelled(orderCancelled(id))).toBe('retry');
    expect(await completed(orderCompleted(id))).toBe('retry');

    // The redelivery then succeeds once the sidecar is back.
    scheduler.failing = false;
    expect(await created(orderCreated(id, new Date('2031-05-01T10:15:00Z')))).toBe('success');
    expect(scheduler.reminders.has(id)).toBe(true);
  });

  it('when an order.created without expiresAt arrives through the subscriber, then it is dropped and nothing is scheduled', async () => {
    const { scheduler, created } = setup();
    const malformed: Partial<ReturnType<typeof orderCreated>> = orderCreated(
      uniqueId('order'),
      new Date(),
    );
    delete malformed.expiresAt;

    await expect(handleSafely('order.created', malformed, created, logger)).resolves.toBe('drop');

    expect(scheduler.calls).toEqual([]);
  });
});
