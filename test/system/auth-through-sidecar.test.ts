import { startStack, type Stack } from '@ticketing/runner';
import { gone, invoke } from './support/stack-helpers';

jest.setTimeout(120_000);

describe('auth through a real sidecar', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', only: ['auth'] });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when a user signs up through service invocation, then the cookie works for currentuser', async () => {
    const signup = await invoke(stack, 'auth', 'auth', 'POST', 'api/users/signup', {
      body: { email: 'Sys.User@Example.com ', password: 'correct horse battery' },
    });
    expect(signup.status).toBe(201);
    const cookie = signup.headers.get('set-cookie');
    expect(cookie).toMatch(/HttpOnly/i);

    const me = await invoke(stack, 'auth', 'auth', 'GET', 'api/users/currentuser', {
      headers: { cookie: cookie!.split(';')[0]! },
    });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      currentUser: expect.objectContaining({ email: 'sys.user@example.com' }),
    });
  });

  it('when the app is called without the sidecar, then it refuses (app api token)', async () => {
    const res = await fetch(`${stack.appUrl('auth')}/api/users/currentuser`);
    expect(res.status).toBe(401);
  });

  it('when the stack stops, then no process it started is left', async () => {
    const pids = stack.pids();
    expect(pids.length).toBeGreaterThanOrEqual(5);
    await stack.stop();
    expect(pids.filter((p) => !gone(p))).toEqual([]);
  });
});
