import { newEventId, type EventPublisher } from '@ticketing/common';

export interface ExpiryDue {
  orderId: string;
  expiresAt: Date;
}

export interface FireDeps {
  publisher: EventPublisher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * A reminder this close before expiresAt (timer granularity, clock skew) waits out the gap and
   * publishes, rather than skipping to the next period and being a whole period late.
   */
  maxEarlyWaitMs?: number;
}

export type FireResult = 'published' | 'early';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A due reminder: the hold has expired, so tell orders. Never early: a reminder that fires before
 * expiresAt publishes nothing (the next period fires again). A failed publish throws, so the
 * reminder callback fails and Dapr fires it again.
 */
export async function fireExpiration(due: ExpiryDue, deps: FireDeps): Promise<FireResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  if (due.expiresAt.getTime() - now() > (deps.maxEarlyWaitMs ?? 1000)) return 'early';
  // A timer may wake a millisecond short, so wait until the clock really reached expiresAt.
  for (
    let left = due.expiresAt.getTime() - now();
    left > 0;
    left = due.expiresAt.getTime() - now()
  ) {
    await sleep(left);
  }
  await deps.publisher.publish('expiration.complete', {
    eventId: newEventId(),
    orderId: due.orderId,
  });
  return 'published';
}
