import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoHttp from 'pino-http';
import { currentTrace } from '../tracing/trace-context';

export interface LoggerOptions {
  level?: string;
  /** Where lines go instead of stdout; tests pass a stream they read back. */
  destination?: DestinationStream;
}

export function createLogger(name: string, opts: LoggerOptions = {}): Logger {
  return pino(
    {
      name,
      level:
        opts.level ??
        process.env.LOG_LEVEL ??
        (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
      // Every line written inside a request, event or job names its trace.
      mixin: () => {
        const trace = currentTrace();
        return trace ? { traceId: trace.traceId } : {};
      },
      redact: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["dapr-api-token"]',
        // pino-http logs response headers too, and a session cookie there is a live token.
        'res.headers["set-cookie"]',
      ],
    },
    opts.destination,
  );
}

function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && given.length <= 128 ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Request logging with a request id taken from the caller (or the sidecar) or made here. Below
 * info there are no request lines to write, so only the id and a child logger are set: pino-http
 * costs about a tenth of a busy service's CPU even when it writes nothing.
 */
export function requestLogger(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('info')) {
    return (req, res, next) => {
      const id = requestIdOf(req, res);
      req.id = id;
      req.log = logger.child({ reqId: id });
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId: requestIdOf,
    // Health probes and the sidecar's own discovery calls would drown the real requests.
    autoLogging: {
      ignore: (req) =>
        req.url === '/healthz' || req.url === '/readyz' || !!req.url?.startsWith('/dapr/'),
    },
  });
}
