'use client';
import type { ApiErrorItem, ApiResult } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The browser's way to the API: the public `/api` of this origin, with the session cookie. */
export async function callApi<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return {
      ok: false,
      status: 0,
      errors: [{ message: 'Network error: check your connection and try again' }],
    };
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  const errors = (parsed as { errors?: ApiErrorItem[] } | undefined)?.errors;
  return {
    ok: false,
    status: res.status,
    // A flash sale's waiting room (decision 020) holds the buyer's place.
    inWaitingRoom:
      res.status === 429 && !!(parsed as { waitingRoom?: unknown } | undefined)?.waitingRoom,
    errors: errors?.length
      ? errors
      : [{ message: `Something went wrong (${res.status}). Please try again.` }],
  };
}

/**
 * Calls again while the answer is 404: right after a listing or an order, the next service may
 * not have received its event yet (it follows within a moment).
 */
export async function callApiWhileNotFound<T>(
  method: string,
  path: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<ApiResult<T>> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 150; ; wait = Math.min(wait * 1.5, 1000)) {
    const res = await callApi<T>(method, path, body);
    if (res.ok || res.status !== 404 || Date.now() + wait > deadline) return res;
    await sleep(wait);
  }
}

/** Field name -> its messages; messages without a field under ''. */
export function errorsByField(errors: ApiErrorItem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[e.field ?? ''] ??= []).push(e.message);
  return out;
}

/** The waiting page, coming back to `next` when it is the buyer's turn. */
export const waitingRoomUrl = (next: string) => `/waiting-room?next=${encodeURIComponent(next)}`;
