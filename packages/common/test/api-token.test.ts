import request from 'supertest';
import { baseApp, createLogger, finishApp } from '../src';

const TOKEN = 'sidecar-token-of-at-least-16';

function appWith(appApiToken: string | undefined) {
  const app = baseApp({ logger: createLogger('test'), jwtSecret: 'x'.repeat(32), appApiToken });
  app.get('/api/ping', (_req, res) => {
    res.json({ pong: true });
  });
  return finishApp(app);
}

describe('requireAppApiToken', () => {
  it('when a token is set and the request has none, then 401 in the errors shape', async () => {
    const res = await request(appWith(TOKEN)).get('/api/ping').expect(401);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });

  it.each([
    ['a wrong one', 'sidecar-token-of-at-least-17'],
    ['a shorter one', 'sidecar'],
    ['a prefix of it plus more', `${TOKEN}x`],
  ])('when a token is set and the request has %s, then 401', async (_case, given) => {
    await request(appWith(TOKEN)).get('/api/ping').set('dapr-api-token', given).expect(401);
  });

  it('when a token is set and the request has it, then the route answers', async () => {
    const res = await request(appWith(TOKEN))
      .get('/api/ping')
      .set('dapr-api-token', TOKEN)
      .expect(200);
    expect(res.body).toEqual({ pong: true });
  });

  it('when a token is set, then the health paths still answer without it', async () => {
    const app = appWith(TOKEN);
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(200, { status: 'ready' });
  });

  it('when a token is set, then unknown /api routes are guarded too', async () => {
    await request(appWith(TOKEN)).get('/api/unknown').expect(401);
  });

  it('when no token is set, then requests pass without one', async () => {
    await request(appWith(undefined)).get('/api/ping').expect(200);
  });
});

describe('readiness', () => {
  it('when the service says it is not ready, then /readyz answers 503', async () => {
    let ready = false;
    const app = finishApp(
      baseApp({ logger: createLogger('test'), jwtSecret: 'x'.repeat(32), ready: () => ready }),
    );
    await request(app).get('/readyz').expect(503, { status: 'starting' });
    ready = true;
    await request(app).get('/readyz').expect(200, { status: 'ready' });
  });
});
