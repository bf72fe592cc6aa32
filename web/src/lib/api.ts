import 'server-only';
import { randomUUID } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../../server/https';
import { resolveTarget } from '../../server/upstream';
import type { ApiResult, User } from './types';

/**
 * The visitor's session cookie as a Cookie header, under the name it came with: the services take
 * `__Host-session` always and plain `session` only over http (what x-forwarded-proto tells them).
 */
function sessionCookieHeader(jar: Awaited<ReturnType<typeof cookies>>): string | undefined {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const value = jar.get(name)?.value;
    if (value) return `${name}=${value}`;
  }
  return undefined;
}

/**
 * The server components' way to the API: straight to the local sidecar (as the public proxy
 * does), with the visitor's session cookie, never through the public URL.
 */
function sidecar() {
  return {
    base: `http://127.0.0.1:${process.env.DAPR_HTTP_PORT ?? '3500'}`,
    token: process.env.DAPR_API_TOKEN,
  };
}

export async function apiGet<T>(path: string): Promise<ApiResult<T>> {
  const target = resolveTarget(path);
  if (!target.ok)
    return { ok: false, status: target.status, errors: [{ message: target.message }] };
  const [jar, incoming] = await Promise.all([cookies(), headers()]);
  const forward: Record<string, string> = {
    accept: 'application/json',
    'x-request-id': randomUUID(),
    'x-forwarded-proto': incoming.get('x-forwarded-proto') ?? 'http',
  };
  // Only the session: the services have no use for any other cookie of the site.
  const session = sessionCookieHeader(jar);
  if (session) forward.cookie = session;
  const { base, token } = sidecar();
  if (token) forward['dapr-api-token'] = token;
  let res: Response;
  try {
    res = await fetch(base + target.path, { headers: forward, cache: 'no-store' });
  } catch {
    return { ok: false, status: 502, errors: [{ message: 'The service could not be reached' }] };
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const errors = (body as { errors?: { message: string; field?: string }[] } | undefined)?.errors;
  return {
    ok: false,
    status: res.status >= 500 && !errors ? 502 : res.status,
    errors: errors ?? [{ message: `The ${target.prefix} service answered ${res.status}` }],
  };
}

/** Who is signed in, asked once per request however many components want to know. */
export const currentUser = cache(async (): Promise<User | null> => {
  const jar = await cookies();
  if (!sessionCookieHeader(jar)) return null;
  const res = await apiGet<{ currentUser: User | null }>('/api/users/currentuser');
  return res.ok ? res.data.currentUser : null;
});

/** The signed-in user, or off to sign in (and back here afterwards). */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
  return user;
}
