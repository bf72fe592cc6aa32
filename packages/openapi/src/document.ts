import { z } from 'zod';
import { ROUTES, SECURE_SESSION_COOKIE, SESSION_COOKIE, type RouteDoc } from '@ticketing/contracts';

type Json = Record<string, unknown>;

/** Request schemas as clients send them (before transforms), in OpenAPI 3.0's dialect. */
function schemaOf(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
}

function queryParameters(query: z.ZodType): Json[] {
  const json = schemaOf(query) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

function operation(route: RouteDoc): Json {
  const params: Json[] = route.path.includes('{id}')
    ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]
    : [];
  if (route.query) params.push(...queryParameters(route.query));
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.auth ? { security: [{ secureCookie: [] }, { cookie: [] }, { bearer: [] }] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body) } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, [description, schema]]) => [
        status,
        {
          description,
          ...(schema ? { content: { 'application/json': { schema: schemaOf(schema) } } } : {}),
        },
      ]),
    ),
  };
}

/** The OpenAPI 3.0 document of the public API (served by the web origin at /api/docs). */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation(route) };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Ticketing API',
      version: '1.0.0',
      description:
        'All routes live on one origin. Errors are always {"errors":[{"message","field?"}]}. ' +
        'Sign in sets an httpOnly session cookie (__Host-session over https, session over plain http); ' +
        'API clients may send the token as Authorization: Bearer.',
    },
    components: {
      securitySchemes: {
        secureCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SECURE_SESSION_COOKIE,
          description: 'the session cookie over https',
        },
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'the session cookie over plain http only',
        },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    paths,
  };
}
