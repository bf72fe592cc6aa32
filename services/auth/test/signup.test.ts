import { UserModel } from '../src/data/users';
import { expectNoHashInResponses, setCookies, uniqueEmail, useAuthApp } from './harness';

const h = useAuthApp();
const password = 'a good long password';

describe('POST /api/users/signup', () => {
  it('when the input is valid, then 201 with the user, a token and a session cookie', async () => {
    const email = uniqueEmail();
    const res = await h.http.post('/api/users/signup').send({ email, password }).expect(201);

    expect(res.body).toEqual({
      user: { id: expect.any(String), email },
      token: expect.any(String),
    });
    const [cookie] = setCookies(res);
    expect(cookie).toMatch(new RegExp(`^session=${res.body.token};`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(new RegExp(`; Max-Age=${h.config.JWT_TTL_SECONDS}`));
    expect(cookie).not.toMatch(/; Secure/);
  });

  it('when the request came over https through the local proxy, then the cookie is a Secure __Host- cookie', async () => {
    const res = await h.http
      .post('/api/users/signup')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: uniqueEmail(), password })
      .expect(201);
    const [cookie] = setCookies(res);
    expect(cookie).toMatch(new RegExp(`^__Host-session=${res.body.token};`));
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).not.toMatch(/; Domain=/i);

    // The session it starts is the one the browser then sends back over https.
    const me = await h.http
      .get('/api/users/currentuser')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookie!.split(';')[0]!)
      .expect(200);
    expect(me.body.currentUser).toEqual(res.body.user);
  });

  it('when the email has capitals and spaces, then it is stored trimmed and lower-cased', async () => {
    const email = uniqueEmail('Mixed');
    const res = await h.http
      .post('/api/users/signup')
      .send({ email: `  ${email.toUpperCase()} `, password })
      .expect(201);
    expect(res.body.user.email).toBe(email.toLowerCase());
  });

  it.each([
    ['the email is not an email', { email: 'not-an-email', password }, 'email'],
    ['the email is missing', { password }, 'email'],
    ['the password is 7 characters', { email: uniqueEmail(), password: '1234567' }, 'password'],
    [
      'the password is 129 characters',
      { email: uniqueEmail(), password: 'x'.repeat(129) },
      'password',
    ],
    ['the password is not a string', { email: uniqueEmail(), password: 12345678 }, 'password'],
  ])('when %s, then 400 naming the field', async (_case, body, field) => {
    const res = await h.http.post('/api/users/signup').send(body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it('when the password is exactly 8 or 128 characters, then it is accepted', async () => {
    for (const pw of ['12345678', 'y'.repeat(128)]) {
      await h.http
        .post('/api/users/signup')
        .send({ email: uniqueEmail(), password: pw })
        .expect(201);
    }
  });

  it('when there is no body, then 400 naming both fields', async () => {
    const res = await h.http.post('/api/users/signup').expect(400);
    const fields = res.body.errors.map((e: { field?: string }) => e.field).sort();
    expect(fields).toEqual(['email', 'password']);
  });

  it('when the body has an unknown field, then 400 naming it and no user is made', async () => {
    const email = uniqueEmail();
    const res = await h.http
      .post('/api/users/signup')
      .send({ email, password, isAdmin: true })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ message: expect.any(String) })]);
    expect(JSON.stringify(res.body)).toContain('isAdmin');
    expect(await UserModel.exists({ email })).toBeNull();
  });

  it('when the body is malformed JSON, then 400 in the error shape', async () => {
    const res = await h.http
      .post('/api/users/signup')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.c", ')
      .expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
  });

  it('when the email is taken, also in other case or with spaces, then 409 naming email', async () => {
    const email = uniqueEmail();
    await h.http.post('/api/users/signup').send({ email, password }).expect(201);

    for (const variant of [email, email.toUpperCase(), ` ${email}\t`]) {
      const res = await h.http
        .post('/api/users/signup')
        .send({ email: variant, password })
        .expect(409);
      expect(res.body).toEqual({
        errors: [{ message: 'Email is already in use', field: 'email' }],
      });
      expect(setCookies(res)).toEqual([]);
    }
    expect(await UserModel.countDocuments({ email })).toBe(1);
  });

  it('when ten sign-ups of one email race, then exactly one is created and the rest get 409', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.http
          .post('/api/users/signup')
          .send({ email: i % 2 ? email.toUpperCase() : email, password }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    expect(await UserModel.countDocuments({ email })).toBe(1);
  });

  it('when the user is stored, then the password is kept only as a salted scrypt hash', async () => {
    const email = uniqueEmail();
    await h.http.post('/api/users/signup').send({ email, password }).expect(201);
    const stored = await UserModel.findOne({ email }).lean();
    expect(stored?.passwordHash).toMatch(
      /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
    );
    expect(stored?.passwordHash).not.toContain(password);
  });

  it('when every response of this file is searched, then no password hash is in any', async () => {
    await expectNoHashInResponses(h);
  });
});
