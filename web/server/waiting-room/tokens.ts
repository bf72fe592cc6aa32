import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The waiting room's two signed strings, both HMAC-SHA256 with the room's secret, so any web
 * replica that shares the secret can check them without asking another:
 *
 * - a **ticket** says where its holder stands: `t1.<id>.<arrivedAtMs>.<holder>.<sig>`;
 * - a **pass** lets its holder through to the purchase routes until it expires:
 *   `p1.<id>.<expiresAtSec>.<holder>.<sig>`.
 *
 * `holder` is a short hash of the buyer's credential (session cookie or bearer token): a pass
 * handed to someone else's session is worth nothing.
 */
export interface Ticket {
  id: string;
  arrivedAt: number;
  holder: string;
}
export interface Pass {
  id: string;
  expiresAt: number;
  holder: string;
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;
const HOLDER = /^[A-Za-z0-9_-]{1,32}$/;
const NUMBER = /^\d{1,16}$/;

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function verified(secret: string, token: string, kind: 't1' | 'p1'): string[] | undefined {
  if (token.length > 200) return undefined;
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== kind) return undefined;
  const [, id, n, holder, sig] = parts as [string, string, string, string, string];
  if (!ID.test(id) || !NUMBER.test(n) || !HOLDER.test(holder)) return undefined;
  const want = Buffer.from(sign(secret, parts.slice(0, 4).join('.')));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  return [id, n, holder];
}

export function signTicket(secret: string, t: Ticket): string {
  const body = `t1.${t.id}.${t.arrivedAt}.${t.holder}`;
  return `${body}.${sign(secret, body)}`;
}

export function readTicket(secret: string, token: string | undefined): Ticket | undefined {
  const parts = token ? verified(secret, token, 't1') : undefined;
  if (!parts) return undefined;
  return { id: parts[0]!, arrivedAt: Number(parts[1]), holder: parts[2]! };
}

export function signPass(secret: string, p: Pass): string {
  const body = `p1.${p.id}.${Math.floor(p.expiresAt / 1000)}.${p.holder}`;
  return `${body}.${sign(secret, body)}`;
}

/** The pass when it is genuine, unexpired at `now` and held by `holder`; otherwise none. */
export function readPass(
  secret: string,
  token: string | undefined,
  holder: string,
  now: number,
): Pass | undefined {
  const parts = token ? verified(secret, token, 'p1') : undefined;
  if (!parts) return undefined;
  const pass = { id: parts[0]!, expiresAt: Number(parts[1]) * 1000, holder: parts[2]! };
  if (pass.holder !== holder || pass.expiresAt <= now) return undefined;
  return pass;
}

/** A short stable name for a credential; the empty credential (signed out) is `anon`. */
export function holderOf(credential: string | undefined): string {
  if (!credential) return 'anon';
  return createHash('sha256').update(credential).digest('base64url').slice(0, 22);
}
