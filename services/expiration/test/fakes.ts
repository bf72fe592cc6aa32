import type { EventOf } from '@ticketing/contracts';
import type { ReminderScheduler } from '../src/domain/reminder-scheduler';

export { RecordingPublisher } from '@ticketing/testkit';

/** The reminder edge: one reminder per order, overwritten on re-registration, like Dapr's. */
export class FakeReminderScheduler implements ReminderScheduler {
  readonly reminders = new Map<string, Date>();
  readonly calls: string[] = [];
  failing = false;

  async schedule(orderId: string, expiresAt: Date): Promise<void> {
    this.calls.push(`schedule ${orderId}`);
    if (this.failing) throw new Error('sidecar unavailable');
    this.reminders.set(orderId, expiresAt);
  }

  async cancel(orderId: string): Promise<void> {
    this.calls.push(`cancel ${orderId}`);
    if (this.failing) throw new Error('sidecar unavailable');
    this.reminders.delete(orderId);
  }
}

let seq = 0;
export const uniqueId = (tag: string) => `${tag}-${process.pid}-${Date.now()}-${++seq}`;

export function orderCreated(id: string, expiresAt: Date): EventOf<'order.created'> {
  return {
    eventId: uniqueId('evt'),
    version: 0,
    id,
    userId: 'buyer-1',
    status: 'created',
    expiresAt: expiresAt.toISOString(),
    ticket: {
      id: uniqueId('ticket'),
      price: 2500,
      currency: 'usd',
      title: 'Tosca',
      sellerId: 'seller-1',
    },
  };
}

export function orderCancelled(id: string): EventOf<'order.cancelled'> {
  return { eventId: uniqueId('evt'), version: 1, id, ticketId: 'ticket-1', reason: 'buyer' };
}

export function orderCompleted(id: string): EventOf<'order.completed'> {
  return {
    eventId: uniqueId('evt'),
    version: 2,
    id,
    userId: 'buyer-1',
    ticketId: 'ticket-1',
    paymentId: 'pay-1',
  };
}
