import type { EventOf, Topic } from '@ticketing/contracts';

/** What a subscription handler tells the broker: done, try again later, or never deliver again. */
export type HandlerResult = 'success' | 'retry' | 'drop';

export interface EventPublisher {
  /** Resolves once the sidecar accepted the event; rejects otherwise (never fire-and-forget). */
  publish<T extends Topic>(topic: T, event: EventOf<T>): Promise<void>;
}

export type EventHandler<T extends Topic> = (event: EventOf<T>) => Promise<HandlerResult>;

export interface EventSubscriber {
  subscribe<T extends Topic>(topic: T, handler: EventHandler<T>): Promise<void>;
}
