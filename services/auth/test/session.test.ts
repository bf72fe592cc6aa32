import { signToken } from '@ticketing/common';
import jwt from 'jsonwebtoken';
import { expectNoHashInResponses, JWT_SECRET, setCookies, signUp, useAuthApp } from './harness';

const h = useAuthApp();
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('GET /api/users/currentuser', () => {
  it('when nobody is signed in, then 200 with null', async () => {
    const res = await h.http.get('/api/users/currentuser').expect(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the session cookie is sent, then 200 with that user', async () => {
    const { email, cookie } = await signUp(h);
    const res = await h.http.get('/api/users/currentuser').set('Cookie', cookie).expect(200);
    expect(res.body).toEqual({ currentUser: { id: expect.any(String), email } });
  });

  it('when the token is sent as a Bearer header, then 200 with that user', async () => {
    const { email, token } = await signUp(h);
    const res = await h.http
      .get('/api/users/currentuser')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body.currentUser.email).toBe(email);
  });

  it('when the token carries an expiry of the configured TTL, then it is HS256 and expires then', async () => {
    const { token } = await signUp(h);
    const decoded = jwt.decode(token, { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    const claims = decoded?.payload as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(h.config.JWT_TTL_SECONDS);
  });

  describe('when the token is not one to trust', () => {
    const user = { id: '65f0c0ffee0000000000beef', email: 'mallory@example.com' };
    const cases: [string, () => string][] = [
      ['expired', () => signToken(user, JWT_SECRET, -10)],
      [
        'signed with another secret',
        () => signToken(user, 'another-secret-of-at-least-32-characters', 60),
      ],
      [
        'signed with HS512',
        () =>
          jwt.sign({ email: user.email }, JWT_SECRET, {
            algorithm: 'HS512',
            subject: user.id,
            expiresIn: 60,
          }),
      ],
      [
        'unsigned (alg none)',
        () =>
          `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: user.id, email: user.email, exp: 4102444800 })}.`,
      ],
      [
        'tampered after signing',
        () => {
          const [header, , signature] = signToken(user, JWT_SECRET, 60).split('.');
          const payload = b64url({ sub: user.id, email: 'admin@example.com', exp: 4102444800 });
          return `${header}.${payload}.${signature}`;
        },
      ],
      ['garbage', () => 'not.a.jwt'],
    ];

    it.each(cases)('%s, then currentUser is null by cookie and by Bearer', async (_case, make) => {
      const token = make();
      const byCookie = await h.http
        .get('/api/users/currentuser')
        .set('Cookie', `session=${token}`)
        .expect(200);
      const byBearer = await h.http
        .get('/api/users/currentuser')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(byCookie.body).toEqual({ currentUser: null });
      expect(byBearer.body).toEqual({ currentUser: null });
    });

    it('and the same user is signed with the right secret, then it is accepted (the cases above can fail)', async () => {
      const res = await h.http
        .get('/api/users/currentuser')
        .set('Authorization', `Bearer ${signToken(user, JWT_SECRET, 60)}`)
        .expect(200);
      expect(res.body).toEqual({ currentUser: user });
    });
  });
});

describe('POST /api/users/signout', () => {
  it('when a signed-in user signs out, then 204 and the cookie is cleared', async () => {
    const { cookie } = await signUp(h);
    const res = await h.http.post('/api/users/signout').set('Cookie', cookie).expect(204);
    const [cleared] = setCookies(res);
    expect(cleared).toMatch(/^session=;/);
    expect(cleared).toMatch(/; Path=\//);
    expect(cleared).toMatch(/; Expires=Thu, 01 Jan 1970/);
    expect(cleared).toMatch(/; HttpOnly/);
    expect(res.text).toBe('');
  });

  it('when nobody is signed in, then signing out is still 204', async () => {
    await h.http.post('/api/users/signout').expect(204);
  });

  it('when signing out over https, then the __Host- cookie is cleared, Secure too', async () => {
    const res = await h.http
      .post('/api/users/signout')
      .set('X-Forwarded-Proto', 'https')
      .expect(204);
    expect(setCookies(res)[0]).toMatch(/^__Host-session=;/);
    expect(setCookies(res)[0]).toMatch(/; Secure/);
  });
});

describe('responses about the session', () => {
  it('when a user or token is returned, then it is marked not to be cached', async () => {
    const { cookie } = await signUp(h);
    const res = await h.http.get('/api/users/currentuser').set('Cookie', cookie).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('when an unknown users route is called, then 404 in the error shape', async () => {
    const res = await h.http.get('/api/users/nope').expect(404);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });

  it('when every response of this file is searched, then no password hash is in any', async () => {
    await expectNoHashInResponses(h);
  });
});
