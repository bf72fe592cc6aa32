import { sessionCookieOf, signUp, useAuthApp } from './harness';

jest.setTimeout(60_000);

const h = useAuthApp();
const NEW_PASSWORD = 'a brand new passphrase';

const whoIs = async (headers: Record<string, string>) =>
  (await h.http.get('/api/users/currentuser').set(headers).expect(200)).body.currentUser as {
    email: string;
  } | null;

const signIn = async (email: string, password: string) => {
  const res = await h.http.post('/api/users/signin').send({ email, password }).expect(200);
  return { token: res.body.token as string, cookie: sessionCookieOf(res) };
};

describe('ending sessions', () => {
  it('when a user signs out, then that session no longer works, by its copied cookie or as Bearer', async () => {
    const { email, cookie, token } = await signUp(h);

    await h.http.post('/api/users/signout').set('Cookie', cookie).expect(204);

    expect(await whoIs({ Cookie: cookie })).toBeNull();
    expect(await whoIs({ Authorization: `Bearer ${token}` })).toBeNull();
    // Signing in again starts a new session that works.
    const again = await signIn(email, 'correct horse battery');
    expect((await whoIs({ Cookie: again.cookie }))?.email).toBe(email);
  });

  it('when a user signs out on one device, then their other sessions go on', async () => {
    const { email, password, cookie } = await signUp(h);
    const laptop = await signIn(email, password);

    await h.http.post('/api/users/signout').set('Cookie', cookie).expect(204);

    expect((await whoIs({ Cookie: laptop.cookie }))?.email).toBe(email);
  });

  it('when a Bearer client signs out, then its token is ended', async () => {
    const { token } = await signUp(h);
    await h.http.post('/api/users/signout').set('Authorization', `Bearer ${token}`).expect(204);
    expect(await whoIs({ Authorization: `Bearer ${token}` })).toBeNull();
  });

  it('when a user changes their password, then every other session ends and this browser gets a new one', async () => {
    const { email, password, cookie } = await signUp(h);
    const phone = await signIn(email, password);

    const res = await h.http
      .put('/api/users/password')
      .set('Cookie', cookie)
      .send({ currentPassword: password, newPassword: NEW_PASSWORD })
      .expect(204);

    expect(await whoIs({ Cookie: phone.cookie })).toBeNull();
    expect(await whoIs({ Authorization: `Bearer ${phone.token}` })).toBeNull();
    expect(await whoIs({ Cookie: cookie })).toBeNull();
    const renewed = sessionCookieOf(res);
    expect((await whoIs({ Cookie: renewed }))?.email).toBe(email);
  });

  it('when the other services ask auth about a user, then they learn the version and the signed-out sessions', async () => {
    const { cookie } = await signUp(h);
    const me = await h.http.get('/api/users/currentuser').set('Cookie', cookie).expect(200);
    const id = me.body.currentUser.id as string;
    await h.http.post('/api/users/signout').set('Cookie', cookie).expect(204);

    const res = await h.http.get(`/internal/sessions/${id}`).expect(200);

    expect(res.body).toEqual({
      userId: id,
      sessionVersion: 0,
      endedSessions: [expect.any(String)],
    });
  });
});

describe('the token in the answer body', () => {
  const body = () => ({
    email: `browser-${Date.now()}-${Math.random()}@example.com`,
    password: 'correct horse battery',
  });

  it('when a browser signs up or in (it sends Sec-Fetch-Site), then the token is only in the httpOnly cookie, not in the JSON', async () => {
    const creds = body();
    const up = await h.http
      .post('/api/users/signup')
      .set('Sec-Fetch-Site', 'same-origin')
      .send(creds)
      .expect(201);
    const inn = await h.http
      .post('/api/users/signin')
      .set('Sec-Fetch-Site', 'same-origin')
      .send(creds)
      .expect(200);

    for (const res of [up, inn]) {
      expect(res.body).toEqual({ user: { id: expect.any(String), email: creds.email } });
      expect(sessionCookieOf(res)).toMatch(/^session=.+/);
    }
  });

  it('when an API client signs in (no browser fetch metadata), then it still gets the token for Bearer use', async () => {
    const creds = body();
    await h.http.post('/api/users/signup').send(creds).expect(201);
    const res = await h.http.post('/api/users/signin').send(creds).expect(200);
    expect(res.body.token).toEqual(expect.any(String));
    expect((await whoIs({ Authorization: `Bearer ${res.body.token}` }))?.email).toBe(creds.email);
  });
});
