import type { IncomingMessage } from 'node:http';

/**
 * What the origin does differently when browsers reach it over https: HSTS on every answer and
 * the session cookie under its `__Host-` name. Over plain http (a laptop) neither applies, since
 * browsers refuse `__Host-` cookies there and HSTS over http is ignored.
 */

/**
 * The session cookie's names, as auth sets them (packages/contracts/src/session-cookie.ts): a copy,
 * because the web app takes the contracts as types only (its lint rule), and these are values.
 */
export const SESSION_COOKIE = 'session';
export const SECURE_SESSION_COOKIE = '__Host-session';

/**
 * Two years, what browsers' preload lists ask for. No `includeSubDomains`: the origin does not
 * speak for other hosts of its parent domain, and the `__Host-` cookie already shuts them out.
 */
export const HSTS = 'max-age=63072000';

/**
 * True when the browser's connection was https: TLS to this process, or a trusted proxy in front
 * (TRUST_PROXY, an ingress that ends TLS) saying so in X-Forwarded-Proto. A client's own
 * X-Forwarded-Proto counts for nothing.
 */
export function isHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  const given = req.headers['x-forwarded-proto'];
  return trustProxy && typeof given === 'string' && given.trim().toLowerCase() === 'https';
}
