/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (the subset zod emits:
 * objects, strings with enum/pattern/length, integers and numbers with bounds, booleans, arrays).
 * `validValue` builds a value the schema accepts; the fuzzer then breaks it on purpose.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const FUTURE_MS = [Date.now() + 86_400_000, Date.now() + 300 * 86_400_000] as const;

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map(validValue));
  if (schema.allOf?.length) return validValue(schema.allOf[0]!);
  switch (typeOf(schema)) {
    case 'object':
      return validObject(schema);
    case 'array':
      return fc.array(validValue(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'integer': {
      const { min, max } = bounds(schema, true);
      return fc.integer({ min, max });
    }
    case 'number': {
      const { min, max } = bounds(schema, false);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'string':
      return validString(schema);
    default:
      return fc.jsonValue();
  }
}

function bounds(schema: JsonSchema, integer: boolean) {
  const step = integer ? 1 : 0.01;
  let min = schema.minimum ?? -1_000_000;
  let max = schema.maximum ?? 1_000_000;
  if (schema.exclusiveMinimum === true) min += step;
  else if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + step;
  if (schema.exclusiveMaximum === true) max -= step;
  else if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - step;
  return { min, max };
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc
      .integer({ min: FUTURE_MS[0], max: FUTURE_MS[1] })
      .map((ms) => new Date(ms).toISOString());
  }
  if (schema.format === 'email') {
    return fc.stringMatching(/^[a-z]{3,10}$/).map((s) => `${s}@example.com`);
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 60);
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({
    minLength: Math.max(minLength, 1),
    maxLength: Math.max(maxLength, minLength),
  });
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(props)) model[name] = validValue(sub);
  return fc.record(model, {
    requiredKeys: Object.keys(props).filter((k) => required.has(k)),
  }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A JSON value of another type than the schema's. */
export function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const t = typeOf(schema);
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 20 })],
    ['integer', fc.integer()],
    [
      'number',
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    ],
    ['boolean', fc.boolean()],
    ['array', fc.array(fc.jsonValue(), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 })],
    ['null', fc.constant(null)],
  ];
  const others = all.filter(([name]) => {
    if (name === t) return false;
    if (t === 'number' && name === 'integer') return false;
    // an enum of strings refuses every other type; a plain string refuses non-strings
    return true;
  });
  return fc.oneof(...others.map(([, arb]) => arb));
}

/** Query-operator injections, as a body value or a query key. */
export const OPERATOR_OBJECTS = fc.constantFrom<unknown>(
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { $in: [] },
  { $expr: { $eq: [1, 1] } },
);

/** Strings no field should choke on: unicode planes, controls, huge. */
export const NASTY_STRINGS = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\u202e',
    '\ud800',
    '𝕋𝕚𝕔𝕜𝕖𝕥',
    '<script>alert(1)</script>',
    '../../etc',
    '%00',
  ),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);
