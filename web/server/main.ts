/**
 * The public origin: one HTTP server that answers `/api/*` by forwarding to the services
 * through the local Dapr sidecar, and everything else with the Next.js app. The API path never
 * enters Next, so it stays a thin streaming proxy (see web/README.md for why).
 */
import http from 'node:http';
import next from 'next';
import { ensureWebBuild, WEB_DIR } from '../scripts/ensure-build';
import { loadWebConfig } from './config';
import { asyncApiDocument, docsPage, openApiDocument } from '@ticketing/openapi';
import { HSTS, isHttps } from './https';
import { createApiProxy, sendError } from './proxy';
import { waitingRoomFrom } from './waiting-room/from-config';
import { WaitingRoom } from './waiting-room/room';

const log = (line: string) => process.stdout.write(line + '\n');

/** The API docs page is plain HTML with its own inline styles: nothing on it may run or load. */
const DOCS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

async function main() {
  const config = loadWebConfig();
  await ensureWebBuild({ log });

  const app = next({ dev: false, dir: WEB_DIR, hostname: config.WEB_HOST, port: config.APP_PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const proxy = createApiProxy({
    daprHttpPort: config.DAPR_HTTP_PORT,
    daprApiToken: config.DAPR_API_TOKEN,
    trustProxy: config.TRUST_PROXY,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    log,
  });

  const room = waitingRoomFrom(config, log);

  // Generated once from the services' zod request schemas.
  const apiDoc = openApiDocument();
  const apiPage = docsPage(apiDoc);
  const eventsDoc = JSON.stringify(asyncApiDocument());

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const https = isHttps(req, config.TRUST_PROXY);
    // Pages (src/proxy.ts) and their API calls (src/lib/api.ts) go by the scheme worked out here,
    // never by an X-Forwarded-Proto a client sent on its own.
    req.headers['x-forwarded-proto'] = https ? 'https' : 'http';
    if (url === '/api/healthz') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end('{"status":"ok"}');
      return;
    }
    // The sidecar asks every app what it subscribes to; the web app subscribes to nothing.
    if (url === '/dapr/subscribe') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
      return;
    }
    if (url === '/api/docs/asyncapi.json') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
        ...(https ? { 'strict-transport-security': HSTS } : {}),
      });
      res.end(eventsDoc);
      return;
    }
    if (url === '/api/docs' || url === '/api/docs/' || url === '/api/docs/openapi.json') {
      const json = url.endsWith('.json');
      res.writeHead(200, {
        'content-type': json ? 'application/json' : 'text/html; charset=utf-8',
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
        ...(json ? {} : { 'content-security-policy': DOCS_CSP }),
        ...(https ? { 'strict-transport-security': HSTS } : {}),
      });
      res.end(json ? JSON.stringify(apiDoc) : apiPage);
      return;
    }
    if (
      room &&
      (url === '/api/waiting-room' ||
        url.startsWith('/api/waiting-room/') ||
        url.startsWith('/api/waiting-room?'))
    ) {
      room.handle(req, res);
      return;
    }
    if (room && WaitingRoom.guards(req.method, url)) {
      room.gate(req, res, () => proxy(req, res));
      return;
    }
    if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')) {
      proxy(req, res);
      return;
    }
    // The API proxy adds HSTS itself: it writes its headers as one raw list, over which anything
    // set here first would be merged, losing repeated Set-Cookie headers.
    if (https) res.setHeader('strict-transport-security', HSTS);
    handle(req, res).catch((err: unknown) => {
      log(`web: ${req.method} ${url} failed: ${err instanceof Error ? err.stack : String(err)}`);
      sendError(res, 500, 'Something went wrong');
    });
  });
  // Requests Node refuses before any handler (a URL or headers over its limit, a broken request
  // line) still get an answer in the platform's error shape.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const message = tooLarge ? 'The URL or headers are too large' : 'Malformed HTTP request';
    const body = JSON.stringify({ errors: [{ message }] });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'x-content-type-options: nosniff\r\nconnection: close\r\n\r\n' +
        body,
    );
  });
  // Slow clients must not hold sockets forever; keep-alive outlives the sidecar's own.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.APP_PORT, config.WEB_HOST, () => resolve());
  });
  log(
    `web: listening on http://${config.WEB_HOST}:${config.APP_PORT} (sidecar ${config.DAPR_HTTP_PORT})`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`web: ${signal}, closing`);
    server.close(() => {
      proxy.close();
      room?.close();
      void app.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    // In-flight requests get a moment; then we go regardless.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `web failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
