'use client';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { useHydrated } from '@/lib/use-hydrated';
import { Field, FormAlert, Spinner } from './form-bits';

export function PasswordForm() {
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setErrors({});
    setDone(false);
    const res = await callApi('PUT', '/api/users/password', {
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    });
    setBusy(false);
    if (res.ok) {
      formEl.reset();
      setDone(true);
      return;
    }
    setErrors(errorsByField(res.errors));
  }

  // POST: a submit before the script has loaded must never put a password in a URL.
  return (
    <form method="post" onSubmit={submit} noValidate className="card space-y-5 p-6">
      <h2 className="text-lg font-semibold">Change password</h2>
      <FormAlert messages={errors['']} />
      <FormAlert tone="success" messages={done ? ['Your password has been changed.'] : undefined} />
      <Field id="currentPassword" label="Current password" errors={errors.currentPassword}>
        {(a) => (
          <input
            {...a}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            className="input"
          />
        )}
      </Field>
      <Field
        id="newPassword"
        label="New password"
        hint="At least 8 characters"
        errors={errors.newPassword}
      >
        {(a) => (
          <input
            {...a}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            className="input"
          />
        )}
      </Field>
      <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
        {busy ? <Spinner label="Saving…" /> : 'Change password'}
      </button>
    </form>
  );
}
