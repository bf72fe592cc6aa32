import { z } from 'zod';
import { Events, TOPICS, type Topic } from '@ticketing/contracts';

type Json = Record<string, unknown>;

/**
 * One event payload as JSON Schema (draft-07, which AsyncAPI's own schema format extends).
 * Consumers are tolerant readers, as zod's non-strict objects are: unknown keys are allowed,
 * so a producer may add a field without breaking a consumer in any language.
 */
export function eventSchema(topic: Topic): Json {
  const schema = z.toJSONSchema(Events[topic], {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return {
    $schema: schema.$schema,
    $id: `${topic}.schema.json`,
    title: topic,
    description: `The data of a ${topic} event (the CloudEvent's "data"). Generated from packages/contracts: run npm run contracts, do not edit.`,
    ...allowExtraProperties(schema),
  };
}

/** Drops `additionalProperties: false` anywhere, so extra keys never make an event invalid. */
function allowExtraProperties(node: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = Array.isArray(value)
      ? value.map((v) => (isObject(v) ? allowExtraProperties(v) : v))
      : isObject(value)
        ? allowExtraProperties(value)
        : value;
  }
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function eventSchemas(): Record<Topic, Json> {
  return Object.fromEntries(TOPICS.map((t) => [t, eventSchema(t)])) as Record<Topic, Json>;
}
