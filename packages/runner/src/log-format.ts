/**
 * One readable console line per log record: `16:45:02.123 INFO  message  req=… trace=…`.
 * Understands pino's JSON (the apps), daprd's logfmt and nats-server's `[INF]`; any other
 * line is shown as it came, behind the time.
 */

export interface LogRecord {
  time: Date;
  level?: Level;
  message: string;
  requestId?: string;
  traceId?: string;
}

export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const PINO_LEVELS: Record<number, Level> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const NATS_LEVELS: Record<string, Level> = {
  TRC: 'trace',
  DBG: 'debug',
  INF: 'info',
  WRN: 'warn',
  ERR: 'error',
  FTL: 'fatal',
};
const LEVEL_COLOURS: Record<Level, number> = {
  trace: 90,
  debug: 90,
  info: 32,
  warn: 33,
  error: 31,
  fatal: 91,
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;

/** The trace id inside a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`). */
function traceIdOf(traceparent: unknown): string | undefined {
  const m = typeof traceparent === 'string' && /^[\da-f]{2}-([\da-f]{32})-/.exec(traceparent);
  return m ? m[1] : undefined;
}

function fromPino(rec: Json, now: Date): LogRecord {
  const req = obj(rec.req);
  const res = obj(rec.res);
  const err = obj(rec.err);
  const parts = [str(rec.msg) ?? ''];
  // pino-http's "request completed": say what the request was.
  if (req && str(req.method)) parts.push(`${str(req.method)} ${str(req.url) ?? ''}`);
  if (res && str(res.statusCode)) parts.push(str(res.statusCode)!);
  if (typeof rec.responseTime === 'number') parts.push(`${rec.responseTime} ms`);
  if (err) parts.push(`(${str(err.type) ?? 'Error'}: ${str(err.message) ?? ''})`);
  const headers = obj(req?.headers);
  return {
    time: typeof rec.time === 'number' ? new Date(rec.time) : now,
    level: PINO_LEVELS[rec.level as number],
    message: parts.filter(Boolean).join(' '),
    requestId: str(rec.reqId) ?? str(req?.id) ?? str(rec.requestId),
    traceId:
      str(rec.traceId) ?? str(rec.trace_id) ?? traceIdOf(rec.traceparent ?? headers?.traceparent),
  };
}

/** `time="…" level=info msg="…" app_id=orders …` (daprd, FerretDB's text logs). */
function fromLogfmt(line: string, now: Date): LogRecord | undefined {
  const fields: Record<string, string> = {};
  for (const m of line.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g)) {
    fields[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  if (!fields.level || fields.msg === undefined) return undefined;
  const level = fields.level.toLowerCase();
  const time = fields.time ? new Date(fields.time) : now;
  return {
    time: Number.isNaN(time.getTime()) ? now : time,
    level: (level === 'warning' ? 'warn' : level) as Level,
    message: fields.msg,
    traceId: fields.trace_id ?? fields.traceId,
  };
}

/** `[1234] 2026/12/01 16:45:02.123456 [INF] message` (nats-server). */
function fromNats(line: string, now: Date): LogRecord | undefined {
  const m = /^\[\d+\] \S+ \S+ \[(\w{3})\] (.*)$/.exec(line);
  if (!m || !NATS_LEVELS[m[1]!]) return undefined;
  return { time: now, level: NATS_LEVELS[m[1]!], message: m[2]! };
}

/** `now` is when the line came, for lines that carry no time of their own. */
export function parseRecord(line: string, now = new Date()): LogRecord {
  if (line.startsWith('{')) {
    try {
      const rec = obj(JSON.parse(line));
      if (rec && ('msg' in rec || 'level' in rec)) return fromPino(rec, now);
    } catch {
      // not JSON after all
    }
  }
  return fromLogfmt(line, now) ?? fromNats(line, now) ?? { time: now, message: line };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatRecord(
  line: string,
  colour = !process.env.NO_COLOR,
  now = new Date(),
): string {
  const r = parseRecord(line, now);
  const t = r.time;
  const time = `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
  const name = (r.level ?? '').toUpperCase().padEnd(5);
  const level = colour && r.level ? `\x1b[${LEVEL_COLOURS[r.level] ?? 0}m${name}\x1b[0m` : name;
  const extra = [
    r.requestId ? `req=${r.requestId}` : '',
    r.traceId ? `trace=${r.traceId}` : '',
  ].filter(Boolean);
  const dim = (s: string) => (colour ? `\x1b[2m${s}\x1b[0m` : s);
  return `${dim(time)} ${level} ${r.message}${extra.length ? '  ' + dim(extra.join(' ')) : ''}`;
}
