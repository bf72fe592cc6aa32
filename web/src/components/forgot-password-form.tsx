'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { useHydrated } from '@/lib/use-hydrated';
import { Field, FormAlert, Spinner } from './form-bits';

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setErrors({});
    const res = await callApi<{ message: string }>('POST', '/api/users/password-reset', {
      email: String(form.get('email') ?? ''),
    });
    setBusy(false);
    if (res.ok) {
      setSent(res.data.message);
      return;
    }
    setErrors(errorsByField(res.errors));
  }

  if (sent) {
    return (
      <div className="card space-y-4 p-6">
        <FormAlert tone="success" messages={[sent]} />
        <p className="text-sm text-slate-700">
          No mail after a few minutes? Check the spam folder, or{' '}
          <button type="button" className="link" onClick={() => setSent(undefined)}>
            ask again
          </button>
          .
        </p>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="card space-y-5 p-6">
      <FormAlert messages={errors['']} />
      <Field id="email" label="Email" errors={errors.email}>
        {(a) => <input {...a} name="email" type="email" autoComplete="email" className="input" />}
      </Field>
      <button type="submit" className="btn-primary w-full" disabled={busy || !hydrated}>
        {busy ? <Spinner label="Sending…" /> : 'Send me a reset link'}
      </button>
      <p className="text-center text-sm text-slate-700">
        Remembered it?{' '}
        <Link href="/signin" className="link">
          Sign in
        </Link>
      </p>
    </form>
  );
}
