'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callApi, errorsByField } from '@/lib/client-api';
import { useHydrated } from '@/lib/use-hydrated';
import { Field, FormAlert, Spinner } from './form-bits';

/** Sign in or sign up; the session cookie comes back on the API's answer. */
export function AuthForm({ mode, next }: { mode: 'signin' | 'signup'; next: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const signup = mode === 'signup';

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setErrors({});
    const res = await callApi('POST', `/api/users/${mode}`, {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (res.ok) {
      router.push(next);
      router.refresh();
      return;
    }
    setErrors(errorsByField(res.errors));
    setBusy(false);
  }

  const other = signup ? '/signin' : '/signup';
  const otherHref = next === '/' ? other : `${other}?next=${encodeURIComponent(next)}`;
  // POST: a submit before the script has loaded must never put a password in a URL.
  return (
    <form method="post" onSubmit={submit} noValidate className="card space-y-5 p-6">
      <FormAlert messages={errors['']} />
      <Field id="email" label="Email" errors={errors.email}>
        {(a) => <input {...a} name="email" type="email" autoComplete="email" className="input" />}
      </Field>
      <Field
        id="password"
        label="Password"
        hint={signup ? 'At least 8 characters; a phrase is easiest to remember' : undefined}
        errors={errors.password}
      >
        {(a) => (
          <input
            {...a}
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            className="input"
          />
        )}
      </Field>
      <button type="submit" className="btn-primary w-full" disabled={busy || !hydrated}>
        {busy ? (
          <Spinner label={signup ? 'Creating account…' : 'Signing in…'} />
        ) : signup ? (
          'Create account'
        ) : (
          'Sign in'
        )}
      </button>
      {!signup && (
        <p className="text-center text-sm">
          <Link href="/forgot-password" className="link">
            Forgot password?
          </Link>
        </p>
      )}
      <p className="text-center text-sm text-slate-700">
        {signup ? 'Already have an account? ' : 'New here? '}
        <Link href={otherHref} className="link">
          {signup ? 'Sign in' : 'Create an account'}
        </Link>
      </p>
    </form>
  );
}
