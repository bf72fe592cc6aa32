import { formatRecord, parseRecord } from '../src/log-format';

describe('readable log lines', () => {
  it("when an app logs pino's request record, then the line says the request, status, time, request id and trace id", () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 11, 1, 16, 45, 2, 123),
      name: 'orders',
      msg: 'request completed',
      req: {
        id: 'req-1',
        method: 'POST',
        url: '/api/orders',
        headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      },
      res: { statusCode: 201 },
      responseTime: 12,
    });
    expect(parseRecord(line)).toEqual({
      time: new Date(Date.UTC(2026, 11, 1, 16, 45, 2, 123)),
      level: 'info',
      message: 'request completed POST /api/orders 201 12 ms',
      requestId: 'req-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    const out = formatRecord(line, false);
    expect(out).toMatch(
      /^\d\d:\d\d:02\.123 INFO  request completed POST \/api\/orders 201 12 ms {2}req=req-1 trace=4bf92f3577b34da6a3ce929d0e0e4736$/,
    );
  });

  it('when a record carries a trace id field, then it is shown', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'boom', reqId: 'r', traceId: 'abc' });
    expect(parseRecord(line)).toMatchObject({ level: 'error', requestId: 'r', traceId: 'abc' });
  });

  it('when daprd logs in logfmt, then its level and message are read', () => {
    const line =
      'time="2026-12-01T16:45:02.5Z" level=warning msg="App \\"orders\\" is not healthy" app_id=orders scope=dapr.runtime';
    expect(parseRecord(line)).toMatchObject({
      level: 'warn',
      message: 'App "orders" is not healthy',
    });
  });

  it('when nats-server logs, then its level is read', () => {
    const r = parseRecord('[4242] 2026/12/01 16:45:02.123456 [WRN] slow consumer');
    expect(r).toMatchObject({ level: 'warn', message: 'slow consumer' });
  });

  it('when a line is not a record, then it is kept as it came, with the time', () => {
    const out = formatRecord('LOG:  database system is ready', false);
    expect(out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {7}LOG: {2}database system is ready$/);
  });

  it('when colour is on, then the level is coloured', () => {
    expect(formatRecord(JSON.stringify({ level: 50, msg: 'x' }), true)).toContain(
      '\x1b[31mERROR\x1b[0m',
    );
  });
});
