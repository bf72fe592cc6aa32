/**
 * Malformed requests for every operation of the OpenAPI document. Each request breaks its
 * operation's contract on purpose (wrong types, operators, missing or extra fields, lengths and
 * bounds, broken JSON, wrong content types, junk ids and queries), so a correct API refuses
 * every one with a 4xx in the error shape and writes nothing.
 */
import fc from 'fast-check';
import {
  NASTY_STRINGS,
  OPERATOR_OBJECTS,
  validValue,
  wrongType,
  type JsonSchema,
} from './schema-arbitraries';

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. `/api/tickets/{id}`. */
  path: string;
  body?: JsonSchema;
  query: { name: string; schema: JsonSchema }[];
  pathParams: string[];
}

export type Auth = 'none' | 'user' | 'garbage-bearer' | 'garbage-cookie';

export interface FuzzRequest {
  method: string;
  /** The request target, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  auth: Auth;
  /** How this request breaks the contract, for the report. */
  breaks: string;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        parameters?: { name: string; in: string; schema?: JsonSchema }[];
      }
    >
  >;
}

/** Operations to fuzz. Sign-out is left out: a signed-in call would end the fuzzer's session. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (path === '/api/users/signout') continue;
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return ops;
}

const JSON_TYPE = 'application/json';

/** encodeURIComponent, with lone surrogates (which it refuses) sent as U+FFFD. */
function encode(value: string): string {
  return encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd'));
}
const EXTRA_KEYS = fc.constantFrom(
  'isAdmin',
  'role',
  'userId',
  'sellerId',
  'status',
  'version',
  '$where',
  '__proto__',
  'constructor',
  'id',
);

type Body = { text: string; contentType: string; breaks: string };

/** A body that breaks the schema in at least one way the API must refuse. */
function brokenBody(schema: JsonSchema): fc.Arbitrary<Body> {
  const props = Object.entries(schema.properties ?? {});
  const valid = validValue(schema) as fc.Arbitrary<Record<string, unknown>>;
  const json = (value: unknown, breaks: string): Body => ({
    text: JSON.stringify(value),
    contentType: JSON_TYPE,
    breaks,
  });
  const strategies: fc.Arbitrary<Body>[] = [
    // not an object at all
    fc
      .constantFrom<unknown>([], 'text', 42, null, true, [{}])
      .map((v) => json(v, 'a body that is not an object')),
    // broken JSON
    fc
      .constantFrom(
        '{',
        '{"a":',
        "{'single':1}",
        '{"a":1,}',
        'undefined',
        '\u0000',
        '{"a":1}garbage',
      )
      .map((text) => ({ text, contentType: JSON_TYPE, breaks: 'broken JSON' })),
    // the right JSON with a wrong content type
    fc
      .tuple(
        valid,
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', ''),
      )
      .map(([v, contentType]) => ({
        text: JSON.stringify(v),
        contentType,
        breaks: `content-type ${contentType || '(none)'}`,
      })),
    // an unknown field (the API is strict about them)
    fc.tuple(valid, EXTRA_KEYS, fc.jsonValue()).map(([v, key, extra]) => ({
      // Written by hand so `__proto__` is a real key in the text.
      text: `{${JSON.stringify(key)}:${JSON.stringify(extra) ?? 'null'}${Object.keys(v).length ? ',' : ''}${JSON.stringify(v).slice(1)}`,
      contentType: JSON_TYPE,
      breaks: `unknown field ${key}`,
    })),
  ];
  if (props.length > 0) {
    const prop = fc.constantFrom(...props);
    strategies.push(
      fc
        .tuple(valid, prop)
        .chain(([v, [name, sub]]) =>
          wrongType(sub).map((bad) => json({ ...v, [name]: bad }, `${name} of a wrong type`)),
        ),
      fc
        .tuple(valid, prop, OPERATOR_OBJECTS)
        .map(([v, [name], op]) => json({ ...v, [name]: op }, `${name} is an operator object`)),
    );
  }
  const required = schema.required ?? [];
  if (required.length > 0) {
    strategies.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([v, name]) => {
        const copy = { ...v };
        delete copy[name];
        return json(copy, `${name} missing`);
      }),
    );
  }
  const bounded = props.filter(([, s]) => s.maxLength !== undefined);
  if (bounded.length > 0) {
    strategies.push(
      fc.tuple(valid, fc.constantFrom(...bounded), NASTY_STRINGS).map(([v, [name, s], nasty]) =>
        json(
          // Longer however it is counted (UTF-16 units, code points or graphemes).
          { ...v, [name]: nasty + 'x'.repeat(s.maxLength! + 1) },
          `${name} longer than ${s.maxLength}`,
        ),
      ),
    );
  }
  const numeric = props.filter(([, s]) => s.type === 'integer' || s.type === 'number');
  if (numeric.length > 0) {
    strategies.push(
      fc.tuple(valid, fc.constantFrom(...numeric)).chain(([v, [name, s]]) =>
        fc
          .constantFrom<unknown>(
            (s.maximum ?? Number.MAX_SAFE_INTEGER) + 1,
            (s.minimum ?? Number.MIN_SAFE_INTEGER) - 1,
            1.5,
            '1e309',
          )
          .map((bad) =>
            bad === '1e309'
              ? {
                  text: JSON.stringify({ ...v, [name]: 0 }).replace(
                    `"${name}":0`,
                    `"${name}":1e309`,
                  ),
                  contentType: JSON_TYPE,
                  breaks: `${name} overflows`,
                }
              : json({ ...v, [name]: bad }, `${name} out of bounds`),
          ),
      ),
    );
  }
  return fc.oneof(...strategies);
}

/** A path parameter that names nothing: random, unicode, operator-looking or huge. */
const JUNK_ID = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{24}$/),
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.constantFrom('{"$gt":""}', '[$ne]', 'null', 'undefined', '0', '-1', 'a'.repeat(5000)),
);

/** Query strings that break the declared parameters or inject operators. */
function brokenQuery(op: Operation): fc.Arbitrary<{ search: string; breaks: string }> {
  const known = op.query.map((q) => q.name);
  const name = known.length ? fc.constantFrom(...known) : fc.constant('q');
  return fc.oneof(
    name.map((n) => ({ search: `${n}[$ne]=`, breaks: `${n}[$ne]= operator` })),
    name.map((n) => ({ search: `${n}=a&${n}=b`, breaks: `${n} repeated` })),
    fc
      .tuple(name, NASTY_STRINGS)
      .map(([n, v]) => ({ search: `${n}=${encode(v)}`, breaks: `${n} nasty` })),
    fc
      .tuple(name, fc.constantFrom('-1', '0', '1e309', 'NaN', '99999999999999999999', ''))
      .map(([n, v]) => ({ search: `${n}=${v}`, breaks: `${n}=${v}` })),
    EXTRA_KEYS.map((k) => ({ search: `${encode(k)}=1`, breaks: `unknown query ${k}` })),
  );
}

const AUTH = fc.constantFrom<Auth>('none', 'user', 'user', 'garbage-bearer', 'garbage-cookie');

export function malformedRequest(
  op: Operation,
): fc.Arbitrary<Omit<FuzzRequest, 'headers'> & { contentType?: string }> {
  const path = fc
    .array(JUNK_ID, { minLength: op.pathParams.length, maxLength: op.pathParams.length })
    .map((ids) => {
      let p = op.path;
      op.pathParams.forEach((name, i) => {
        p = p.replace(`{${name}}`, encode(ids[i]!));
      });
      return p;
    });
  const parts: fc.Arbitrary<{ search?: string; body?: Body; breaks: string }>[] = [];
  if (op.body) parts.push(brokenBody(op.body).map((body) => ({ body, breaks: body.breaks })));
  if (op.method === 'GET') parts.push(brokenQuery(op));
  if (op.pathParams.length && !op.body)
    parts.push(fc.constant({ breaks: 'an id that names nothing' }));
  if (parts.length === 0) parts.push(brokenQuery(op));
  return fc.tuple(path, fc.oneof(...parts), AUTH).map(([p, part, auth]) => ({
    method: op.method,
    url: part.search ? `${p}?${part.search}` : p,
    body: part.body?.text,
    contentType: part.body?.contentType,
    auth,
    breaks: `${op.method} ${op.path}: ${part.breaks}`,
  }));
}
