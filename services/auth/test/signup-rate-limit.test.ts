import { UserModel } from '../src/data/users';
import { uniqueEmail, useAuthApp } from './harness';

jest.setTimeout(60_000);

// Counted in a real daprd's `appstate` store.
const h = useAuthApp({ SIGNUP_RATE_LIMIT_PER_CLIENT: '3' }, { stateStore: true });

const signUpFrom = (address: string, email = uniqueEmail()) =>
  h.http
    .post('/api/users/signup')
    .set('X-Forwarded-For', address)
    .send({ email, password: 'correct horse battery' });

describe('the sign-up rate limit per client address', () => {
  it('when one address signs up more accounts than the limit, then 429 with Retry-After and no account is made', async () => {
    for (let i = 0; i < 3; i++) expect((await signUpFrom('203.0.113.50')).status).toBe(201);
    const email = uniqueEmail('fourth');

    const res = await signUpFrom('203.0.113.50', email);

    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3000);
    expect(res.body).toEqual({
      errors: [{ message: expect.stringMatching(/^Too many sign-ups from this address/) }],
    });
    expect(await UserModel.countDocuments({ email })).toBe(0);
  });

  it('when another address signs up, then it has its own count', async () => {
    expect((await signUpFrom('203.0.113.51')).status).toBe(201);
  });

  it('when addresses of one IPv6 /64 sign up, then they share one count', async () => {
    for (let i = 1; i <= 3; i++) expect((await signUpFrom(`2001:db8:5:6::${i}`)).status).toBe(201);
    expect((await signUpFrom('2001:db8:5:6::ffff')).status).toBe(429);
  });
});
