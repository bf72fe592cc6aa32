import type { RequestHandler } from 'express';
import { parseTraceparent, withTrace, type TraceContext } from './trace-context';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      trace?: TraceContext;
    }
  }
}

/**
 * Runs the rest of the request inside the trace its sidecar sent (`traceparent`), so logs,
 * outbox entries and calls back to the sidecar carry it.
 */
export const traceRequests: RequestHandler = (req, _res, next) => {
  req.trace = parseTraceparent(req.headers.traceparent);
  withTrace(req.trace, next);
};

/**
 * Body parsers call `next` from the socket's stream events, outside the request's async
 * context; this enters the request's trace again after them.
 */
export const reenterTrace: RequestHandler = (req, _res, next) => {
  withTrace(req.trace, next);
};
