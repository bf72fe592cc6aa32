import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorBody, ROUTES, type RouteDoc } from '@ticketing/contracts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const patterns = ROUTES.map((route) => ({
  route,
  re: new RegExp(`^${route.path.replace(/\{[^/]+\}/g, '[^/]+')}/?$`),
}));

/** The documented route a request is for; undefined for paths outside the public API. */
export function routeOf(method: string, url: string): RouteDoc | undefined {
  const path = url.split('?')[0] ?? url;
  const m = method.toLowerCase();
  return patterns.find((p) => p.route.method === m && p.re.test(path))?.route;
}

/** Why an answer breaks its route's contract, or undefined when it keeps it. */
export function contractViolation(
  method: string,
  url: string,
  status: number,
  body: unknown,
): string | undefined {
  const route = routeOf(method, url);
  if (!route) return undefined;
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const documented = route.responses[status];
  // A 500 is a bug the test reports on its own; it still speaks the error shape.
  const schema = status === 500 ? ErrorBody : documented?.[1];
  if (!documented && status !== 500)
    return `${name} answered ${status}, which it does not document`;
  if (!schema) return `${name} documents no body for ${status}`;
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  return `${name} ${status} breaks its contract: ${why.join('; ')}`;
}

/**
 * Wraps an Express app so that every JSON answer of a documented route is parsed against the
 * route's contract (`@ticketing/contracts`). A drift turns the answer into a 500 that names it,
 * so whatever the test expected fails with the reason.
 */
export function checkContracts(app: Listener): Listener {
  return (req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    Object.defineProperty(res, 'json', {
      configurable: true,
      writable: true,
      value(this: ServerResponse, body: unknown) {
        // Express's own json, found on the prototype it gives the response.
        const json = (Object.getPrototypeOf(this) as { json: (b: unknown) => unknown }).json;
        const violation = contractViolation(method, url, this.statusCode, body);
        if (!violation) return json.call(this, body);
        this.statusCode = 500;
        return json.call(this, { errors: [{ message: `Contract broken: ${violation}` }] });
      },
    });
    app(req, res);
  };
}

export type ContractCheckedApp = ReturnType<typeof checkContracts>;
