import { expectNoHashInResponses, setCookies, signUp, uniqueEmail, useAuthApp } from './harness';

const h = useAuthApp();

describe('POST /api/users/signin', () => {
  it('when the email and password match, then 200 with the user, a token and a session cookie', async () => {
    const { email, password } = await signUp(h);
    const res = await h.http.post('/api/users/signin').send({ email, password }).expect(200);

    expect(res.body).toEqual({
      user: { id: expect.any(String), email },
      token: expect.any(String),
    });
    const [cookie] = setCookies(res);
    expect(cookie).toMatch(new RegExp(`^session=${res.body.token};`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/);
  });

  it('when the email differs only in case and spaces, then the user still signs in', async () => {
    const { email, password } = await signUp(h);
    await h.http
      .post('/api/users/signin')
      .send({ email: ` ${email.toUpperCase()} `, password })
      .expect(200);
  });

  it('when the password is wrong or the email unknown, then the same 401 for both', async () => {
    const { email, password } = await signUp(h);
    const wrongPassword = await h.http
      .post('/api/users/signin')
      .send({ email, password: `${password}!` })
      .expect(401);
    const unknownEmail = await h.http
      .post('/api/users/signin')
      .send({ email: uniqueEmail('nobody'), password })
      .expect(401);

    expect(wrongPassword.body).toEqual({ errors: [{ message: 'Invalid email or password' }] });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(setCookies(wrongPassword)).toEqual([]);
    expect(setCookies(unknownEmail)).toEqual([]);
  });

  it('when the email is unknown, then the answer takes about as long as a wrong password', async () => {
    const { email, password } = await signUp(h);
    const time = async (body: object) => {
      const started = process.hrtime.bigint();
      await h.http.post('/api/users/signin').send(body).expect(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time({ email, password: `${password}${i}` }));
      unknown.push(await time({ email: uniqueEmail('ghost'), password }));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    // Without the dummy check an unknown email answers in a few ms against tens of ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it.each([
    ['the email is malformed', { email: 'nope', password: 'whatever1' }, 'email'],
    ['the password is missing', { email: 'a@example.com' }, 'password'],
    ['the password is empty', { email: 'a@example.com', password: '' }, 'password'],
  ])('when %s, then 400 naming the field', async (_case, body, field) => {
    const res = await h.http.post('/api/users/signin').send(body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it('when every response of this file is searched, then no password hash is in any', async () => {
    await expectNoHashInResponses(h);
  });
});
