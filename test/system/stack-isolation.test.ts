import { startStack, type Stack } from '@ticketing/runner';
import { invoke } from './support/stack-helpers';

jest.setTimeout(120_000);

/**
 * Two stacks on one machine (npm start and a test run, say) must not answer each other's
 * service calls: each run resolves app ids through its own name-resolution store.
 */
describe('two stacks side by side', () => {
  let a: Stack;
  let b: Stack;

  beforeAll(async () => {
    a = await startStack({ ports: 'free', only: ['auth'] });
    b = await startStack({ ports: 'free', only: ['auth'] });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it("when one stack's user calls through its sidecar 20 times, then its own auth answers every time", async () => {
    const signup = await invoke(a, 'auth', 'auth', 'POST', 'api/users/signup', {
      body: { email: 'isolated@example.com', password: 'correct horse battery' },
    });
    expect(signup.status).toBe(201);
    const token = (signup.body as { token: string }).token;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        invoke(a, 'auth', 'auth', 'GET', 'api/users/currentuser', {
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    // The other stack's auth has another JWT secret and would answer null.
    expect(answers.map((r) => (r.body as { currentUser: unknown }).currentUser)).toEqual(
      Array(20).fill(expect.objectContaining({ email: 'isolated@example.com' })),
    );
  });
});
