import request from 'supertest';
import {
  baseApp,
  currentTrace,
  finishApp,
  newTraceContext,
  outboxEntry,
  parseTraceparent,
  traceHeaders,
  withTrace,
} from '../src';
import { captureLogger } from './capture-logger';

const SECRET = 'common-test-secret-of-32-characters!';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('traceparent', () => {
  it('when a header is well formed, then its trace id is read; otherwise nothing is', () => {
    expect(parseTraceparent(TRACEPARENT)).toEqual({ traceparent: TRACEPARENT, traceId: TRACE_ID });
    expect(parseTraceparent(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(parseTraceparent(`00-${TRACE_ID}-${'0'.repeat(16)}-01`)).toBeUndefined();
    expect(parseTraceparent('00-xyz-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent(undefined)).toBeUndefined();
  });

  it('when a new trace is made, then it is sampled and parses back', () => {
    const made = newTraceContext();
    expect(made.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(made.traceparent)).toEqual(made);
  });

  it('when code runs inside a trace, then sidecar headers and outbox entries carry it', async () => {
    expect(traceHeaders()).toEqual({});
    await withTrace(TRACEPARENT, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(traceHeaders()).toEqual({ traceparent: TRACEPARENT });
      const entry = outboxEntry('system.ping', { sentAt: new Date().toISOString(), note: 'x' });
      expect(entry.traceparent).toBe(TRACEPARENT);
    });
    expect(outboxEntry('system.ping', { sentAt: '', note: '' }).traceparent).toBeUndefined();
  });
});

describe('requests in a trace', () => {
  function app() {
    const logs = captureLogger();
    const app = baseApp({ logger: logs.logger, jwtSecret: SECRET });
    app.post('/api/echo', async (req, res) => {
      await new Promise((r) => setTimeout(r, 2));
      logs.logger.info({ got: req.body }, 'handled');
      res.json({ trace: currentTrace()?.traceId ?? null });
    });
    return { app: finishApp(app), logs };
  }

  it('when the sidecar sends traceparent, then the handler (after the body parser) and every log line of the request carry its trace id', async () => {
    const { app: server, logs } = app();
    const res = await request(server)
      .post('/api/echo')
      .set('traceparent', TRACEPARENT)
      .send({ a: 1 });
    expect(res.body).toEqual({ trace: TRACE_ID });
    const handled = logs.lines().find((l) => l.msg === 'handled');
    expect(handled?.traceId).toBe(TRACE_ID);
    const completed = logs.lines().find((l) => l.msg === 'request completed');
    expect(completed?.traceId).toBe(TRACE_ID);
  });

  it('when a request has no traceparent, then its lines have no trace id', async () => {
    const { app: server, logs } = app();
    const res = await request(server).post('/api/echo').send({ a: 1 });
    expect(res.body).toEqual({ trace: null });
    expect(logs.lines().every((l) => l.traceId === undefined)).toBe(true);
  });
});
