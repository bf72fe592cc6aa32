'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { useHydrated } from '@/lib/use-hydrated';
import { Field, FormAlert, Spinner } from './form-bits';

/** Sets a new password with the token from the mailed link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setErrors({});
    const res = await callApi('POST', '/api/users/password-reset/confirm', {
      token,
      password: String(form.get('password') ?? ''),
    });
    setBusy(false);
    if (res.ok) {
      setDone(true);
      return;
    }
    setErrors(errorsByField(res.errors));
  }

  if (done) {
    return (
      <div className="card space-y-4 p-6">
        <FormAlert
          tone="success"
          messages={['Your password has been set, and every session was signed out.']}
        />
        <Link href="/signin" className="btn-primary block w-full text-center">
          Sign in with it
        </Link>
      </div>
    );
  }
  const linkProblem = errors.token;
  return (
    <form method="post" onSubmit={submit} noValidate className="card space-y-5 p-6">
      <FormAlert messages={[...(errors[''] ?? []), ...(linkProblem ?? [])]} />
      {linkProblem && (
        <p className="text-sm">
          <Link href="/forgot-password" className="link">
            Ask for a new link
          </Link>
        </p>
      )}
      <Field
        id="password"
        label="New password"
        hint="At least 8 characters"
        errors={errors.password}
      >
        {(a) => (
          <input
            {...a}
            name="password"
            type="password"
            autoComplete="new-password"
            className="input"
          />
        )}
      </Field>
      <button type="submit" className="btn-primary w-full" disabled={busy || !hydrated}>
        {busy ? <Spinner label="Saving…" /> : 'Set new password'}
      </button>
    </form>
  );
}
