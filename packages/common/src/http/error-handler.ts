import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import { isDependencyUnavailable } from '../errors/unavailable';

/** How long a client is asked to wait when the store or the sidecar is restarting. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = '2';

/** Unknown `/api` routes answer 404 in the platform's error shape; other paths fall through. */
export const apiNotFound: RequestHandler = (req, res, next) => {
  if (!req.path.startsWith('/api/')) return next();
  res.status(404).json({ errors: [{ message: `No route for ${req.method} ${req.path}` }] });
};

/** The one error handler: operational errors carry their status, anything else is a logged 500. */
export function errorHandler(
  onCatastrophe: (err: unknown) => void = () => {},
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof AppError) {
      if (err.catastrophic) {
        req.log?.fatal({ err }, 'catastrophic error');
        onCatastrophe(err);
      }
      res.set(err.headers).status(err.status).json({ errors: err.items });
      return;
    }
    // body-parser errors (malformed JSON, too large) are the client's fault.
    const status = typeof err?.status === 'number' && err.status < 500 ? err.status : undefined;
    if (status && err.expose) {
      const message = err.type === 'entity.parse.failed' ? 'Malformed JSON body' : err.message;
      res.status(status).json({ errors: [{ message }] });
      return;
    }
    // The store or the sidecar is down or restarting: nothing was decided, the client may retry.
    if (isDependencyUnavailable(err)) {
      req.log?.warn({ err }, 'a dependency is unavailable');
      res
        .set('Retry-After', UNAVAILABLE_RETRY_AFTER_SECONDS)
        .status(503)
        .json({ errors: [{ message: 'Service temporarily unavailable, try again shortly' }] });
      return;
    }
    req.log?.error({ err }, 'unhandled error');
    res.status(500).json({ errors: [{ message: 'Something went wrong' }] });
  };
}
