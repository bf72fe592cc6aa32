import type { EventPublisher } from '@ticketing/common';
import { Events, type EventOf, type Topic } from '@ticketing/contracts';

/** Every event carries these; the rest depends on the topic (and was checked against it). */
export type RecordedEvent = { eventId: string; id: string; version: number } & Record<
  string,
  unknown
>;

export interface Published {
  topic: Topic;
  event: RecordedEvent;
}

/**
 * The publishing edge each service owns: records what the outbox relay hands to the sidecar,
 * after parsing it against its topic's contract exactly as the Dapr publisher does, or fails
 * like a sidecar that is down.
 */
export class RecordingPublisher implements EventPublisher {
  readonly published: Published[] = [];
  /** While set, publishing fails as it does when the sidecar is down. */
  failing = false;

  async publish<T extends Topic>(topic: T, event: EventOf<T>): Promise<void> {
    if (this.failing) throw new Error('sidecar unavailable');
    this.published.push({ topic, event: Events[topic].parse(event) as RecordedEvent });
  }

  /** The events of one topic, in the order published. */
  of<T extends Topic>(topic: T): EventOf<T>[] {
    return this.published.filter((p) => p.topic === topic).map((p) => p.event as EventOf<T>);
  }
}
