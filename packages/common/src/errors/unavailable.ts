/**
 * Tells a dependency that is down or restarting (the store, the sidecar) from a bug. A request
 * that fails because FerretDB or daprd is being restarted did not reach a decision, so the
 * client may retry it: it gets 503 with `Retry-After`, not the 500 that says "our fault, do not
 * bother". Anything not recognised here stays a 500.
 */

/** The MongoDB driver's and mongoose's names for "could not reach the server". */
const UNREACHABLE_STORE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/** Labels the driver puts on errors a retry may cure. */
const RETRYABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/** Server codes for a server shutting down or stepping down (MongoDB's, which FerretDB reuses). */
const SHUTTING_DOWN_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

/** Socket-level failures talking to a local dependency (undici's and Node's codes). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_CLOSED',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errorLabels?: unknown;
  errorLabelSet?: unknown;
}

function labelsOf(e: ErrorLike): string[] {
  if (Array.isArray(e.errorLabels)) return e.errorLabels.map(String);
  if (e.errorLabelSet instanceof Set) return [...e.errorLabelSet].map(String);
  return [];
}

function isUnavailableOne(e: ErrorLike): boolean {
  if (typeof e.name === 'string' && UNREACHABLE_STORE.has(e.name)) return true;
  // A per-request timeout on a local call (AbortSignal.timeout) means the dependency is stuck.
  if (e.name === 'TimeoutError') return true;
  if (labelsOf(e).some((l) => RETRYABLE_LABELS.includes(l))) return true;
  if (typeof e.code === 'number' && SHUTTING_DOWN_CODES.has(e.code)) return true;
  if (typeof e.code === 'string' && SOCKET_CODES.has(e.code)) return true;
  // mongoose queues commands while disconnected, then gives up with this message.
  return typeof e.message === 'string' && /buffering timed out after/.test(e.message);
}

/** True when `err`, or an error it wraps (`cause`), says a dependency could not be reached. */
export function isDependencyUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if (isUnavailableOne(e as ErrorLike)) return true;
    e = (e as ErrorLike).cause;
  }
  return false;
}
