import {
  createLogger,
  handleSafely,
  type EventHandler,
  type EventSubscriber,
} from '@ticketing/common';
import type { EventOf, Topic } from '@ticketing/contracts';
import { useTestDatabase } from '@ticketing/testkit';
import { randomUUID } from 'node:crypto';
import { insertUser } from '../src/data/users';
import type { Mail } from '../src/domain/mailer';
import { subscribeOrderMail } from '../src/events/order-handlers';

useTestDatabase('authmail');
const logger = createLogger('auth-mail-test');

/** The handlers as the sidecar reaches them (schema check, RETRY on a throw), by topic. */
function handlers(mailer: { send(mail: Mail): Promise<void> }) {
  const byTopic = new Map<string, EventHandler<Topic>>();
  const subscriber: EventSubscriber = {
    async subscribe(topic, handler) {
      byTopic.set(topic, handler as unknown as EventHandler<Topic>);
    },
  };
  const ready = subscribeOrderMail({ logger, mailer, now: () => new Date() }, subscriber);
  return async <T extends Topic>(topic: T, event: EventOf<T>) => {
    await ready;
    return handleSafely(topic, event, byTopic.get(topic)! as EventHandler<T>, logger);
  };
}

async function buyer() {
  const email = `buyer-${randomUUID().slice(0, 8)}@example.com`;
  const user = await insertUser(email, 'scrypt$2$1$1$c2FsdA==$aGFzaA==');
  return user!;
}

function placed(userId: string, title = 'Night <Opera> & Co'): EventOf<'order.created'> {
  return {
    eventId: randomUUID(),
    version: 0,
    id: randomUUID().replace(/-/g, '').slice(0, 24),
    userId,
    status: 'created',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ticket: { id: 't1', title, price: 2500, currency: 'usd', sellerId: 's1' },
  };
}

describe('order mail', () => {
  it('when an order is paid, then its buyer gets one receipt, however often the event comes', async () => {
    const mails: Mail[] = [];
    const deliver = handlers({ send: async (m) => void mails.push(m) });
    const user = await buyer();
    const order = placed(user.id);
    expect(await deliver('order.created', order)).toBe('success');
    const completed: EventOf<'order.completed'> = {
      eventId: randomUUID(),
      version: 2,
      id: order.id,
      userId: user.id,
      ticketId: 't1',
      paymentId: 'pay_1',
    };
    // Delivered three times at once: one sends, the others wait their turn (RETRY) or see it sent.
    const racing = await Promise.all([1, 2, 3].map(() => deliver('order.completed', completed)));
    expect(racing).toContain('success');
    expect(await deliver('order.completed', completed)).toBe('success');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: user.email, subject: 'Your receipt: Night <Opera> & Co' });
    // User text is escaped in the HTML body, and the amount is money.
    expect(mails[0]!.html).toContain('Night &lt;Opera&gt; &amp; Co');
    expect(mails[0]!.html).toContain('$25.00');
  });

  it('when a hold lapses, then its buyer hears it once; a buyer cancelling gets no mail', async () => {
    const mails: Mail[] = [];
    const deliver = handlers({ send: async (m) => void mails.push(m) });
    const user = await buyer();
    const lapsed = placed(user.id, 'Lapsed show');
    const cancelled = placed(user.id, 'Cancelled show');
    await deliver('order.created', lapsed);
    await deliver('order.created', cancelled);
    const expired = {
      eventId: randomUUID(),
      version: 1,
      id: lapsed.id,
      ticketId: 't1',
      reason: 'expired' as const,
    };
    expect(await deliver('order.cancelled', expired)).toBe('success');
    expect(await deliver('order.cancelled', expired)).toBe('success');
    expect(
      await deliver('order.cancelled', { ...expired, id: cancelled.id, reason: 'buyer' }),
    ).toBe('success');
    expect(mails.map((m) => m.subject)).toEqual(['Your reservation lapsed: Lapsed show']);
  });

  it('when the completion arrives before the order, then it asks for redelivery and sends later', async () => {
    const mails: Mail[] = [];
    const deliver = handlers({ send: async (m) => void mails.push(m) });
    const user = await buyer();
    const order = placed(user.id);
    const completed = {
      eventId: randomUUID(),
      version: 2,
      id: order.id,
      userId: user.id,
      ticketId: 't1',
      paymentId: 'p',
    };
    expect(await deliver('order.completed', completed)).toBe('retry');
    await deliver('order.created', order);
    expect(await deliver('order.completed', completed)).toBe('success');
    expect(mails).toHaveLength(1);
  });

  it('when a replayed event is more than a day old, then no mail goes out for it', async () => {
    const mails: Mail[] = [];
    const deliver = handlers({ send: async (m) => void mails.push(m) });
    const user = await buyer();
    const order = placed(user.id);
    await deliver('order.created', order);
    // A UUIDv7 made two days ago (the time is in its first 48 bits).
    const hex = (Date.now() - 2 * 24 * 3600_000).toString(16).padStart(12, '0');
    const oldId = `${hex.slice(0, 8)}-${hex.slice(8)}-7000-8000-000000000000`;
    const completed = {
      eventId: oldId,
      version: 2,
      id: order.id,
      userId: user.id,
      ticketId: 't1',
      paymentId: 'p',
    };
    expect(await deliver('order.completed', completed)).toBe('success');
    expect(mails).toHaveLength(0);
  });

  it('when the mail server fails, then the event is retried and the mail goes out on redelivery', async () => {
    const mails: Mail[] = [];
    let fail = true;
    const deliver = handlers({
      send: async (m) => {
        if (fail) throw new Error('smtp down');
        mails.push(m);
      },
    });
    const user = await buyer();
    const order = placed(user.id);
    await deliver('order.created', order);
    const completed = {
      eventId: randomUUID(),
      version: 2,
      id: order.id,
      userId: user.id,
      ticketId: 't1',
      paymentId: 'p',
    };
    expect(await deliver('order.completed', completed)).toBe('retry');
    fail = false;
    expect(await deliver('order.completed', completed)).toBe('success');
    expect(mails).toHaveLength(1);
  });
});
