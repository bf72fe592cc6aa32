import { randomBytes } from 'node:crypto';

/**
 * Which service owns which part of the public API, and how a public path becomes a Dapr
 * service-invocation path. Shared by the public proxy and by the server components, so both
 * reach the services the same way.
 */

/** `/api/<prefix>/...` -> Dapr app id. */
export const API_ROUTES: Readonly<Record<string, string>> = {
  users: 'auth',
  tickets: 'tickets',
  events: 'tickets',
  orders: 'orders',
  payments: 'payments',
  comments: 'comments',
  wanted: 'orders',
  notifications: 'orders',
  insights: 'insights',
};

export type Target =
  | { ok: true; appId: string; prefix: string; path: string }
  | { ok: false; status: number; message: string };

/**
 * What a path segment may not decode to: separators (`/`, `\\`), characters that would end or
 * re-encode the path on the way to the sidecar (`?`, `#`, `%`), and control characters.
 */
const UNSAFE_IN_SEGMENT = /[/\\?#%\u0000-\u001f\u007f]/;

/**
 * Maps a public request target (`/api/tickets/1?x=y`) to the sidecar path that invokes the
 * owning app (`/v1.0/invoke/tickets/method/api/tickets/1?x=y`). Dot segments and encoded
 * slashes are refused: a sidecar that cleaned them could be steered outside `/method/`, onto
 * its own API, with our token.
 */
export function resolveTarget(url: string): Target {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const search = q < 0 ? '' : url.slice(q);
  const segments = pathname.split('/');
  // ['', 'api', '<prefix>', ...rest]
  if (segments[0] !== '' || segments[1] !== 'api' || !segments[2]) {
    return { ok: false, status: 404, message: `No API at ${pathname}` };
  }
  const rest = segments.slice(2);
  for (const [i, seg] of rest.entries()) {
    // A trailing slash is the one empty segment allowed (`/api/tickets/`).
    if (seg === '' && i < rest.length - 1) {
      return { ok: false, status: 400, message: 'Malformed path: empty segment' };
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      return { ok: false, status: 400, message: 'Malformed path' };
    }
    if (decoded === '.' || decoded === '..' || UNSAFE_IN_SEGMENT.test(decoded)) {
      return { ok: false, status: 400, message: 'Malformed path' };
    }
  }
  const prefix = segments[2];
  const appId = Object.hasOwn(API_ROUTES, prefix) ? API_ROUTES[prefix] : undefined;
  if (!appId) return { ok: false, status: 404, message: `No API at /api/${prefix}` };
  return { ok: true, appId, prefix, path: `/v1.0/invoke/${appId}/method${pathname}${search}` };
}

/** Headers that describe one connection, never forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** True for a header that must not cross the proxy in either direction. */
export function isHopByHop(name: string, connectionHeader?: string): boolean {
  const lower = name.toLowerCase();
  if (HOP_BY_HOP.has(lower)) return true;
  if (!connectionHeader) return false;
  return connectionHeader
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .includes(lower);
}

/**
 * Request headers a public client may not set: the sidecar's own (`dapr-api-token`,
 * `dapr-app-id`, ...), `host`, and the forwarding headers the proxy writes itself.
 */
export function isReservedRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'host' ||
    lower.startsWith('dapr-') ||
    lower === 'forwarded' ||
    lower.startsWith('x-forwarded-') ||
    lower === 'x-request-id'
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's request id when it is safe to log and pass on, otherwise none. */
export function acceptedRequestId(given: string | string[] | undefined): string | undefined {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * The W3C trace context a request continues: the caller's `traceparent` when well formed (a
 * client may tie several calls into one trace), else a new sampled one, so every API call has a
 * trace id for the logs and the sidecars' spans (decision 011).
 */
export function traceparentFor(given: string | string[] | undefined): {
  traceparent: string;
  traceId: string;
} {
  const match = typeof given === 'string' ? TRACEPARENT.exec(given.trim().toLowerCase()) : null;
  if (match && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!)) {
    return { traceparent: match[0], traceId: match[1]! };
  }
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}
