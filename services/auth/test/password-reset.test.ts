import { PasswordResetModel } from '../src/data/password-resets';
import { RESET_REQUESTED } from '../src/domain/password-reset';
import { setCookies, signUp, uniqueEmail, useAuthApp, type Harness } from './harness';

// Each case hashes passwords several times (scrypt), slow on a busy machine.
jest.setTimeout(60_000);

const h = useAuthApp({ RESET_MAX_PER_EMAIL: '3', RESET_MAX_PER_IP: '50' });

/** Asks for a link and returns the token from the mail that was sent. */
async function mailedToken(harness: Harness, email: string): Promise<string> {
  const before = harness.mails.length;
  await harness.http.post('/api/users/password-reset').send({ email }).expect(202);
  await harness.settle();
  const mail = harness.mails.slice(before).find((m) => m.to === email);
  if (!mail) throw new Error(`no reset mail for ${email}`);
  const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.html)?.[1];
  if (!token) throw new Error(`reset mail without a link: ${mail.html}`);
  return token;
}

const confirm = (token: string, password = 'a brand new password') =>
  h.http.post('/api/users/password-reset/confirm').send({ token, password });

const signIn = (email: string, password: string) =>
  h.http.post('/api/users/signin').send({ email, password });

describe('POST /api/users/password-reset', () => {
  it('when the email has an account, then 202 and one mail with a link to the web origin', async () => {
    const { email } = await signUp(h);
    const res = await h.http.post('/api/users/password-reset').send({ email }).expect(202);
    expect(res.body).toEqual({ message: RESET_REQUESTED });
    await h.settle();
    const mails = h.mails.filter((m) => m.to === email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Reset your Ticketing password');
    expect(mails[0]!.html).toContain(`${h.config.PUBLIC_ORIGIN}/reset-password?token=`);
  });

  it('when the email has no account, then the very same answer and no mail', async () => {
    const { email } = await signUp(h);
    const known = await h.http.post('/api/users/password-reset').send({ email }).expect(202);
    const stranger = uniqueEmail('nobody');
    const unknown = await h.http
      .post('/api/users/password-reset')
      .send({ email: stranger })
      .expect(202);
    await h.settle();
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers['content-length']).toBe(known.headers['content-length']);
    expect(h.mails.some((m) => m.to === stranger)).toBe(false);
  });

  it('when only the token hash is stored, then the mailed token is nowhere in the database', async () => {
    const { email } = await signUp(h);
    const token = await mailedToken(h, email);
    const stored = await PasswordResetModel.find({}).lean();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('when one email asks too often, then 429 with Retry-After, for unknown emails alike', async () => {
    for (const email of [(await signUp(h)).email, uniqueEmail('ghost')]) {
      for (let i = 0; i < 3; i++)
        await h.http.post('/api/users/password-reset').send({ email }).expect(202);
      const res = await h.http.post('/api/users/password-reset').send({ email }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    await h.settle();
  });

  it('when the email is malformed or fields are extra, then 400 naming the field', async () => {
    const res = await h.http
      .post('/api/users/password-reset')
      .send({ email: 'not-an-email' })
      .expect(400);
    expect(res.body.errors[0].field).toBe('email');
    await h.http
      .post('/api/users/password-reset')
      .send({ email: uniqueEmail(), admin: true })
      .expect(400);
  });
});

describe('POST /api/users/password-reset/confirm', () => {
  it('when the link is followed, then the new password signs in, the old one does not, and every session ends', async () => {
    const account = await signUp(h);
    const other = await signIn(account.email, account.password).expect(200);
    const token = await mailedToken(h, account.email);

    const res = await confirm(token, 'a brand new password').expect(204);
    // This browser's cookie is cleared too.
    expect(setCookies(res).some((c) => /^session=;/.test(c))).toBe(true);

    await signIn(account.email, account.password).expect(401);
    await signIn(account.email, 'a brand new password').expect(200);
    for (const session of [
      { Cookie: account.cookie },
      { Authorization: `Bearer ${account.token}` },
      { Authorization: `Bearer ${other.body.token as string}` },
    ]) {
      const me = await h.http.get('/api/users/currentuser').set(session).expect(200);
      expect(me.body).toEqual({ currentUser: null });
      await h.http
        .put('/api/users/password')
        .set(session)
        .send({ currentPassword: 'a brand new password', newPassword: 'yet another one!' })
        .expect(401);
    }
  });

  it('when a session starts after the reset, then it works', async () => {
    const account = await signUp(h);
    await confirm(await mailedToken(h, account.email)).expect(204);
    const fresh = await signIn(account.email, 'a brand new password').expect(200);
    const me = await h.http
      .get('/api/users/currentuser')
      .set('Authorization', `Bearer ${fresh.body.token as string}`)
      .expect(200);
    expect(me.body.currentUser.email).toBe(account.email);
  });

  it('when the link is used a second time, then 400 on the token and the password stays', async () => {
    const account = await signUp(h);
    const token = await mailedToken(h, account.email);
    await confirm(token, 'first new password').expect(204);
    const again = await confirm(token, 'second new password').expect(400);
    expect(again.body.errors[0].field).toBe('token');
    await signIn(account.email, 'first new password').expect(200);
  });

  it('when one link is used, then the other links of the account stop working', async () => {
    const account = await signUp(h);
    const first = await mailedToken(h, account.email);
    const second = await mailedToken(h, account.email);
    await confirm(second).expect(204);
    await confirm(first, 'another password').expect(400);
  });

  it('when the link has expired, then 400 and the old password still signs in', async () => {
    const account = await signUp(h);
    const token = await mailedToken(h, account.email);
    h.advanceClock(h.config.RESET_TOKEN_TTL_SECONDS * 1000 + 1);
    const res = await confirm(token).expect(400);
    expect(res.body.errors[0]).toEqual({ message: expect.any(String), field: 'token' });
    await signIn(account.email, account.password).expect(200);
  });

  it('when the token is wrong, then 400 on the token', async () => {
    const res = await confirm('A'.repeat(43)).expect(400);
    expect(res.body.errors[0].field).toBe('token');
  });

  it('when two uses race, then exactly one wins', async () => {
    const account = await signUp(h);
    const token = await mailedToken(h, account.email);
    const answers = await Promise.all([
      confirm(token, 'racer one pw'),
      confirm(token, 'racer two pw'),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([204, 400]);
  });

  it('when the new password is too short, then 400 on password and the link still works', async () => {
    const account = await signUp(h);
    const token = await mailedToken(h, account.email);
    const res = await confirm(token, 'short').expect(400);
    expect(res.body.errors[0].field).toBe('password');
    await confirm(token).expect(204);
  });
});

describe('GET /internal/sessions/:userId', () => {
  it('when asked for a user, then their session version, which a reset raises', async () => {
    const account = await signUp(h);
    const me = await h.http.get('/api/users/currentuser').set('Cookie', account.cookie);
    const id = me.body.currentUser.id as string;
    expect((await h.http.get(`/internal/sessions/${id}`).expect(200)).body.sessionVersion).toBe(0);
    await confirm(await mailedToken(h, account.email)).expect(204);
    expect((await h.http.get(`/internal/sessions/${id}`).expect(200)).body.sessionVersion).toBe(1);
    await h.http.get('/internal/sessions/65f0c0ffee0000000000beef').expect(404);
  });
});
