import type { EventOf } from '@ticketing/contracts';
import type { ReminderScheduler } from './reminder-scheduler';

/** A new hold expires at its expiresAt; registering again just overwrites, so duplicates are harmless. */
export async function scheduleExpiration(
  scheduler: ReminderScheduler,
  order: Pick<EventOf<'order.created'>, 'id' | 'expiresAt'>,
): Promise<void> {
  await scheduler.schedule(order.id, new Date(order.expiresAt));
}

/** A completed or cancelled order needs no expiry any more. */
export async function cancelExpiration(
  scheduler: ReminderScheduler,
  orderId: string,
): Promise<void> {
  await scheduler.cancel(orderId);
}
