import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../https';

/** Small HTTP helpers of the waiting room: cookies, credentials and JSON answers. */

export function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v ? v : undefined;
}

/** What identifies the buyer to the services: the session cookie or a bearer token. */
export function credentialOf(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  if (auth && /^Bearer\s+\S/i.test(auth)) return auth.replace(/^Bearer\s+/i, '');
  return cookie(req, SECURE_SESSION_COOKIE) ?? cookie(req, SESSION_COOKIE);
}

export function setCookie(name: string, value: string, maxAgeSec: number, secure: boolean): string {
  return (
    `${name}=${value}; Path=/api; Max-Age=${Math.max(0, Math.floor(maxAgeSec))}; HttpOnly; ` +
    `SameSite=Lax${secure ? '; Secure' : ''}`
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}
