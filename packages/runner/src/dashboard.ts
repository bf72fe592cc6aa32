import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DASHBOARD_PAGE } from './dashboard-page';
import { dashboardView } from './dashboard-view';
import type { Stack } from './stack';

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

const TICK_MS = 1000;

/**
 * The Tye-style dashboard: a page on 127.0.0.1 listing every process, fed by server-sent
 * events (`/events`, one snapshot a second) and readable as JSON at `/api/status`.
 */
export async function startDashboard(stack: Stack, port = 0): Promise<Dashboard> {
  const clients = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    // Only this machine's browser, by name too: a rebound DNS name must not read the logs.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (url.pathname === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy':
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      });
      res.end(DASHBOARD_PAGE);
    } else if (url.pathname === '/api/status') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(dashboardView(stack)));
    } else if (url.pathname === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`retry: 2000\ndata: ${JSON.stringify(dashboardView(stack))}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'not found' }] }));
    }
  });
  // One snapshot per tick for all viewers, and none when nobody looks.
  const timer = setInterval(() => {
    if (clients.size === 0) return;
    const data = `data: ${JSON.stringify(dashboardView(stack))}\n\n`;
    for (const c of clients) c.write(data);
  }, TICK_MS);
  timer.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        for (const c of clients) c.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
