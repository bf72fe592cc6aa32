import { DaprClient, DaprPubSubStatusEnum, DaprServer, type HTTPClient } from '@dapr/dapr';
import type { Logger } from 'pino';
import type { EventHandler, EventPublisher, EventSubscriber, HandlerResult } from './bus';
import { Events, type EventOf, type Topic } from '@ticketing/contracts';
import { eventIdTime, opStats } from '../runtime/op-stats';
import { sidecarHttp } from '../runtime/sidecar-http';
import { traceHeaders } from '../tracing/trace-context';

const STATUS: Record<HandlerResult, DaprPubSubStatusEnum> = {
  success: DaprPubSubStatusEnum.SUCCESS,
  retry: DaprPubSubStatusEnum.RETRY,
  drop: DaprPubSubStatusEnum.DROP,
};

/**
 * Publishes through the sidecar; validates outgoing events so a bad one fails at its source.
 * Calls the sidecar's HTTP API itself (the SDK's publish takes no headers) so that the current
 * `traceparent` goes along: the sidecar puts it in the CloudEvent and subscribers continue it.
 */
export class DaprEventPublisher implements EventPublisher {
  private readonly http: HTTPClient;

  constructor(
    client: DaprClient,
    private readonly pubsubName: string,
  ) {
    this.http = sidecarHttp(client, 'DaprEventPublisher');
  }

  async publish<T extends Topic>(topic: T, event: EventOf<T>): Promise<void> {
    const data = Events[topic].parse(event);
    const path = `/publish/${encodeURIComponent(this.pubsubName)}/${encodeURIComponent(topic)}`;
    try {
      await this.http.execute(path, {
        method: 'POST',
        body: data,
        headers: { 'Content-Type': 'application/json', ...traceHeaders() },
      });
    } catch (err) {
      throw new Error(`publish ${topic} failed: ${String(err)}`, { cause: err });
    }
    opStats.published(topic);
  }
}

/**
 * Registers handlers on the Dapr server. A malformed event is dropped (it can never succeed);
 * a handler that throws asks for redelivery instead of being acknowledged by the SDK.
 */
export class DaprEventSubscriber implements EventSubscriber {
  constructor(
    private readonly server: DaprServer,
    private readonly pubsubName: string,
    private readonly logger: Logger,
  ) {}

  async subscribe<T extends Topic>(topic: T, handler: EventHandler<T>): Promise<void> {
    await this.server.pubsub.subscribe(
      this.pubsubName,
      topic,
      async (data: unknown) => STATUS[await handleSafely(topic, data, handler, this.logger)],
    );
  }
}

export async function handleSafely<T extends Topic>(
  topic: T,
  data: unknown,
  handler: EventHandler<T>,
  logger: Logger,
): Promise<HandlerResult> {
  const parsed = Events[topic].safeParse(data);
  if (!parsed.success) {
    logger.error({ topic, issues: parsed.error.issues }, 'dropping malformed event');
    return 'drop';
  }
  // How long the event took from the write that made it to here (ids from newEventId only).
  const madeAt = eventIdTime(parsed.data.eventId);
  if (madeAt !== undefined) {
    opStats.timing('lag', Date.now() - madeAt);
    opStats.timing(`lag.${topic}`, Date.now() - madeAt);
  }
  try {
    return await handler(parsed.data as EventOf<T>);
  } catch (err) {
    logger.warn({ err, topic }, 'event handler failed; asking for redelivery');
    return 'retry';
  }
}
