import { signToken } from '@ticketing/common';
import { expectNoHashInResponses, JWT_SECRET, signUp, useAuthApp } from './harness';

const h = useAuthApp();
const NEW_PASSWORD = 'a brand new passphrase';

const changePassword = (auth: string | undefined, body?: object) => {
  const req = h.http.put('/api/users/password');
  if (auth) req.set('Cookie', auth);
  return body === undefined ? req : req.send(body);
};

describe('PUT /api/users/password', () => {
  it('when the current password is right, then 204, the old password fails and the new one works', async () => {
    const { email, password, cookie } = await signUp(h);
    const res = await changePassword(cookie, {
      currentPassword: password,
      newPassword: NEW_PASSWORD,
    }).expect(204);
    expect(res.text).toBe('');

    await h.http.post('/api/users/signin').send({ email, password }).expect(401);
    await h.http.post('/api/users/signin').send({ email, password: NEW_PASSWORD }).expect(200);
  });

  it('when signed in with a Bearer token, then the change works too', async () => {
    const { password, token } = await signUp(h);
    await h.http
      .put('/api/users/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: password, newPassword: NEW_PASSWORD })
      .expect(204);
  });

  it('when nobody is signed in, then 401', async () => {
    const res = await changePassword(undefined, {
      currentPassword: 'whatever1',
      newPassword: NEW_PASSWORD,
    }).expect(401);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });

  it('when the token names a user that does not exist, then 401', async () => {
    const ghost = signToken(
      { id: '65f0c0ffee0000000000beef', email: 'ghost@example.com' },
      JWT_SECRET,
      60,
    );
    await changePassword(`session=${ghost}`, {
      currentPassword: 'whatever1',
      newPassword: NEW_PASSWORD,
    }).expect(401);
  });

  it('when the current password is wrong, then 403 naming currentPassword and nothing changes', async () => {
    const { email, password, cookie } = await signUp(h);
    const res = await changePassword(cookie, {
      currentPassword: `${password}x`,
      newPassword: NEW_PASSWORD,
    }).expect(403);
    expect(res.body).toEqual({
      errors: [{ message: expect.any(String), field: 'currentPassword' }],
    });

    await h.http.post('/api/users/signin').send({ email, password }).expect(200);
    await h.http.post('/api/users/signin').send({ email, password: NEW_PASSWORD }).expect(401);
  });

  it.each([
    [
      'the new password is too short',
      (pw: string) => ({ currentPassword: pw, newPassword: 'short' }),
      'newPassword',
    ],
    [
      'the new password is too long',
      (pw: string) => ({ currentPassword: pw, newPassword: 'z'.repeat(129) }),
      'newPassword',
    ],
    [
      'the new password is the current one',
      (pw: string) => ({ currentPassword: pw, newPassword: pw }),
      'newPassword',
    ],
    ['the current password is missing', () => ({ newPassword: NEW_PASSWORD }), 'currentPassword'],
  ])('when %s, then 400 naming the field', async (_case, body, field) => {
    const { password, cookie } = await signUp(h);
    const res = await changePassword(cookie, body(password)).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it('when there is no body, then 400 naming both fields', async () => {
    const { cookie } = await signUp(h);
    const res = await changePassword(cookie).expect(400);
    const fields = res.body.errors.map((e: { field?: string }) => e.field).sort();
    expect(fields).toEqual(['currentPassword', 'newPassword']);
  });

  it('when every response of this file is searched, then no password hash is in any', async () => {
    await expectNoHashInResponses(h);
  });
});
