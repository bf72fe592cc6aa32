import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C trace context (https://www.w3.org/TR/trace-context/). The sidecars make the spans; the
 * apps only carry `traceparent` from what they received to what they send (publish, actor and
 * binding calls) and write its trace id on every log line.
 */
export interface TraceContext {
  /** `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>` */
  traceparent: string;
  traceId: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** The context in a `traceparent` header, or undefined when it is absent or malformed. */
export function parseTraceparent(value: unknown): TraceContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return undefined;
  return { traceparent: match[0], traceId: match[1]! };
}

/** A new sampled trace, for a request that arrived without one. */
export function newTraceContext(): TraceContext {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

const storage = new AsyncLocalStorage<TraceContext>();

/** The trace the current request, event or job belongs to, if any. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** Runs `fn` inside the given trace (a `traceparent` string or context); as is when none. */
export function withTrace<T>(trace: TraceContext | string | undefined, fn: () => T): T {
  const context = typeof trace === 'string' ? parseTraceparent(trace) : trace;
  return context ? storage.run(context, fn) : fn();
}

/** Headers that carry the current trace to the sidecar: `{ traceparent }` or nothing. */
export function traceHeaders(): Record<string, string> {
  const trace = storage.getStore();
  return trace ? { traceparent: trace.traceparent } : {};
}
