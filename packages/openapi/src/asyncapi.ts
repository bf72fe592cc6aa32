import { TOPIC_APPS, TOPICS, type Topic } from '@ticketing/contracts';
import { eventSchema } from './event-schemas';

type Json = Record<string, unknown>;

/** `order.created` -> `orderCreated`: AsyncAPI component keys may not hold dots. */
const key = (topic: string) => topic.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The CloudEvents 1.0 envelope Dapr wraps every published event in (structured mode). The
 * payload the contracts describe is its `data`.
 */
function envelope(topic: Topic): Json {
  return {
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: { type: 'string', description: 'Dapr-assigned id of this delivery envelope' },
      source: { type: 'string', description: 'app id of the publisher' },
      type: { type: 'string', description: 'com.dapr.event.sent' },
      time: { type: 'string', format: 'date-time', description: 'when the sidecar published' },
      datacontenttype: { type: 'string', const: 'application/json' },
      topic: { type: 'string', const: topic },
      pubsubname: { type: 'string', description: 'the Dapr component, "pubsub"' },
      traceparent: { type: 'string', description: 'W3C trace context' },
      data: { $ref: `#/components/schemas/${key(topic)}` },
    },
  };
}

/**
 * The AsyncAPI 3.0 document of every pub/sub topic: a channel per topic (its address is the
 * topic name), its message (a CloudEvent whose data is the topic's contract), and which app
 * sends and which receive it, as operations of those apps.
 */
export function asyncApiDocument(): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const schemas: Json = {};
  for (const topic of TOPICS) {
    const k = key(topic);
    const apps = TOPIC_APPS[topic];
    const data = eventSchema(topic);
    delete data.$schema;
    delete data.$id;
    schemas[k] = data;
    messages[k] = {
      name: topic,
      title: topic,
      contentType: 'application/cloudevents+json',
      correlationId: { location: '$message.payload#/data/eventId' },
      payload: envelope(topic),
    };
    channels[k] = {
      address: topic,
      description: `Published by ${apps.publisher}; subscribed to by ${apps.subscribers.join(', ')}.`,
      messages: { [k]: { $ref: `#/components/messages/${k}` } },
      'x-dapr-publisher': apps.publisher,
      'x-dapr-subscribers': apps.subscribers,
    };
    const ref = { channel: { $ref: `#/channels/${k}` } };
    operations[`${apps.publisher}Sends${k[0]!.toUpperCase()}${k.slice(1)}`] = {
      action: 'send',
      ...ref,
      summary: `${apps.publisher} publishes ${topic}`,
      tags: [{ name: apps.publisher }],
    };
    for (const app of apps.subscribers) {
      operations[`${app}Receives${k[0]!.toUpperCase()}${k.slice(1)}`] = {
        action: 'receive',
        ...ref,
        summary: `${app} subscribes to ${topic}`,
        tags: [{ name: app }],
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ticketing events',
      version: '1.0.0',
      description:
        'Pub/sub topics between the Ticketing services, through the Dapr pub/sub component "pubsub" ' +
        '(NATS JetStream or Redis Streams). Every message is a CloudEvent whose data carries a unique ' +
        'eventId (drop duplicates by it) and, for ticket and order events, the version of the aggregate ' +
        '(apply in version order; ask for redelivery when one is missing). Consumers must accept ' +
        'unknown fields. A subscriber answers SUCCESS, RETRY (cannot apply yet) or DROP (malformed).',
    },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: { messages, schemas },
  };
}
