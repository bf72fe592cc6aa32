import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

export const SESSION_COOKIE = 'session';

export const UserPayload = z.object({ id: z.string(), email: z.string() });
export type UserPayload = z.infer<typeof UserPayload>;

/**
 * jsonwebtoken, given a string secret, first tries to read it as a public key on every call,
 * which costs a fifth of a busy service's CPU; a KeyObject made once skips that.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/**
 * Signs a session token. `sessionVersion` (claim `sv`) is the user's session version when the
 * session started: raising it in auth ends every session signed before (decision 011).
 */
export function signToken(
  user: UserPayload,
  secret: string,
  ttlSeconds: number,
  sessionVersion?: number,
): string {
  const claims = sessionVersion === undefined ? {} : { sv: sessionVersion };
  return jwt.sign({ email: user.email, ...claims }, keyOf(secret), {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: ttlSeconds,
  });
}

export interface VerifiedSession {
  user: UserPayload;
  /** Absent in tokens signed without one (tests, benches, tokens from before decision 011). */
  sessionVersion?: number;
}

const SessionVersionClaim = z.number().int().nonnegative().optional();

/** The session in a valid, unexpired HS256 token, or undefined for anything else. */
export function verifySession(token: string, secret: string): VerifiedSession | undefined {
  try {
    const claims = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] });
    if (typeof claims === 'string') return undefined;
    const parsed = UserPayload.safeParse({ id: claims.sub, email: claims.email });
    const version = SessionVersionClaim.safeParse(claims.sv);
    if (!parsed.success || !version.success) return undefined;
    return { user: parsed.data, sessionVersion: version.data };
  } catch {
    return undefined;
  }
}

/** Returns the user in a valid, unexpired HS256 token, or undefined for anything else. */
export function verifyToken(token: string, secret: string): UserPayload | undefined {
  return verifySession(token, secret)?.user;
}
