import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * When the sidecar is given APP_API_TOKEN it sends it as `dapr-api-token` on every call,
 * so a request without it did not come through our sidecar.
 */
export function requireAppApiToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token || HEALTH_PATHS.has(req.path)) return next();
    const given = req.headers['dapr-api-token'];
    if (typeof given === 'string' && same(given, token)) return next();
    res.status(401).json({ errors: [{ message: 'Missing or wrong dapr-api-token' }] });
  };
}
