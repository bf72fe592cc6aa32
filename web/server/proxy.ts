import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { HSTS, isHttps } from './https';
import {
  acceptedRequestId,
  isHopByHop,
  isReservedRequestHeader,
  resolveTarget,
  traceparentFor,
} from './upstream';

/** Longest request target forwarded; the sidecar's read buffer is 4 KB by default. */
export const MAX_URL_LENGTH = 3072;

export interface ProxyOptions {
  daprHttpPort: number;
  daprApiToken?: string;
  trustProxy: boolean;
  timeoutMs: number;
  log?: (line: string) => void;
}

/** Answers in the platform's error shape. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ errors: [{ message }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** The client's address as the services should see it in X-Forwarded-For. */
function forwardedFor(req: IncomingMessage, trustProxy: boolean): string {
  const peer = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  const given = req.headers['x-forwarded-for'];
  if (trustProxy && typeof given === 'string' && given.trim()) return `${given}, ${peer}`;
  return peer;
}

/** End-to-end request headers, with the proxy's own forwarding headers and the sidecar token. */
function requestHeaders(
  req: IncomingMessage,
  opts: ProxyOptions,
  requestId: string,
  traceparent: string,
) {
  const out: Record<string, string | string[]> = {};
  const connection = req.headers.connection;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (isHopByHop(name, connection) || isReservedRequestHeader(name)) continue;
    out[name] = value;
  }
  out['x-forwarded-for'] = forwardedFor(req, opts.trustProxy);
  out['x-forwarded-proto'] = isHttps(req, opts.trustProxy) ? 'https' : 'http';
  if (req.headers.host) out['x-forwarded-host'] = req.headers.host;
  out['x-request-id'] = requestId;
  // A tracestate belongs to the traceparent it came with: drop it when that one was replaced.
  if (out.traceparent !== traceparent) delete out.tracestate;
  out.traceparent = traceparent;
  if (opts.daprApiToken) out['dapr-api-token'] = opts.daprApiToken;
  return out;
}

/**
 * Response headers without hop-by-hop ones, as a flat [name, value, ...] list so repeats survive
 * (which is also why nothing may be set with res.setHeader before it is written).
 */
function responseHeaders(
  up: IncomingMessage,
  requestId: string,
  traceId: string,
  own: Record<string, string>,
  drop: string[] = [],
): string[] {
  const out: string[] = ['x-trace-id', traceId, ...Object.entries(own).flat()];
  const connection = up.headers.connection;
  let hasRequestId = false;
  for (let i = 0; i < up.rawHeaders.length; i += 2) {
    const name = up.rawHeaders[i]!;
    const lower = name.toLowerCase();
    const ours = lower === 'x-trace-id' || Object.hasOwn(own, lower);
    if (ours || isHopByHop(name, connection) || drop.includes(lower)) continue;
    if (name.toLowerCase() === 'x-request-id') hasRequestId = true;
    out.push(name, up.rawHeaders[i + 1]!);
  }
  if (!hasRequestId) out.push('x-request-id', requestId);
  // API answers are data, never something a browser should sniff into HTML or script.
  if (!up.headers['x-content-type-options']) out.push('x-content-type-options', 'nosniff');
  return out;
}

/**
 * A sidecar that could not reach the app answers with its own error body (`errorCode`
 * ERR_DIRECT_INVOKE, ...), which is no part of our API: such answers become a 502 in the
 * platform's shape. Only 5xx bodies are read for this; everything else streams untouched.
 */
function isSidecarError(body: Buffer): boolean {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errorCode?: unknown; errors?: unknown };
    return typeof parsed.errorCode === 'string' && parsed.errors === undefined;
  } catch {
    return false;
  }
}

/**
 * The public API: forwards `/api/<prefix>/...` to the owning app through the local sidecar's
 * service invocation, streaming the request body (raw bytes: webhook signatures depend on them)
 * and the response back.
 */
export function createApiProxy(opts: ProxyOptions) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 10_000 });
  const log = opts.log ?? (() => {});

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    // Headers of the origin's own on every answer: HSTS when the browser came over https.
    const own: Record<string, string> = isHttps(req, opts.trustProxy)
      ? { 'strict-transport-security': HSTS }
      : {};
    const fail = (status: number, message: string) => sendError(res, status, message, own);
    // The sidecar reads a request line and headers into a few KB; longer URLs are refused here,
    // in the platform's shape, rather than by the sidecar in plain text.
    if ((req.url ?? '').length > MAX_URL_LENGTH) {
      req.resume();
      fail(414, `The URL is longer than ${MAX_URL_LENGTH} characters`);
      return;
    }
    const target = resolveTarget(req.url ?? '/');
    if (!target.ok) {
      req.resume();
      fail(target.status, target.message);
      return;
    }
    const requestId = acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
    const { traceparent, traceId } = traceparentFor(req.headers.traceparent);
    const tag = `request=${requestId} trace=${traceId}`;
    const upstream = http.request({
      host: '127.0.0.1',
      port: opts.daprHttpPort,
      method: req.method,
      path: target.path,
      headers: requestHeaders(req, opts, requestId, traceparent),
      agent,
      timeout: opts.timeoutMs,
    });

    upstream.on('response', (up) => {
      const status = up.statusCode ?? 502;
      if (status >= 500) {
        // Small and rare: read it whole to tell the app's 5xx from the sidecar's.
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('error', () => fail(502, `The ${target.prefix} service is unreachable`));
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          if (isSidecarError(body)) {
            log(
              `web: ${req.method} ${req.url} -> ${target.appId}: ${body.toString('utf8').slice(0, 300)} (${tag})`,
            );
            fail(502, `The ${target.prefix} service is unavailable`);
            return;
          }
          const headers = responseHeaders(up, requestId, traceId, own, ['content-length']);
          res.writeHead(status, [...headers, 'content-length', String(body.length)]);
          res.end(body);
        });
        return;
      }
      if (status >= 400 && !/json/i.test(String(up.headers['content-type'] ?? ''))) {
        // Only the sidecar answers an error in plain text (the apps always send JSON).
        up.resume();
        fail(status, http.STATUS_CODES[status] ?? 'Request refused');
        return;
      }
      res.writeHead(status, up.statusMessage, responseHeaders(up, requestId, traceId, own));
      up.pipe(res);
      up.on('error', () => res.destroy());
    });

    upstream.on('timeout', () => {
      upstream.destroy();
      fail(504, `The ${target.prefix} service did not answer in time`);
    });
    upstream.on('error', (err) => {
      if (res.headersSent || res.writableEnded) {
        res.destroy();
        return;
      }
      log(
        `web: ${req.method} ${req.url}: sidecar unreachable (${(err as NodeJS.ErrnoException).code ?? err.message}) (${tag})`,
      );
      fail(502, 'The API gateway could not reach its sidecar');
    });

    // The client went away before the answer finished: stop the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  };

  return Object.assign(handler, { close: () => agent.destroy() });
}
