import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@ticketing/contracts';
import { z } from 'zod';

// Defined with the API's contracts, which the web origin shares.
export { SECURE_SESSION_COOKIE, SESSION_COOKIE };

/** The name the session cookie is set under for a request that came over https or not. */
export const sessionCookieName = (secure: boolean): string =>
  secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;

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
 * `sessionId` (claim `jti`) names this one session, so signing out can end it alone.
 */
export function signToken(
  user: UserPayload,
  secret: string,
  ttlSeconds: number,
  sessionVersion?: number,
  sessionId?: string,
): string {
  const claims = sessionVersion === undefined ? {} : { sv: sessionVersion };
  return jwt.sign({ email: user.email, ...claims }, keyOf(secret), {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: ttlSeconds,
    ...(sessionId === undefined ? {} : { jwtid: sessionId }),
  });
}

export interface VerifiedSession {
  user: UserPayload;
  /** Absent in tokens signed without one (tests, benches, tokens from before decision 011). */
  sessionVersion?: number;
  /** The session's own id (claim `jti`); absent in tokens signed without one. */
  sessionId?: string;
  /** When the token stops working on its own. */
  expiresAt: Date;
}

const SessionVersionClaim = z.number().int().nonnegative().optional();
const SessionIdClaim = z.string().min(1).max(64).optional();

/** The session in a valid, unexpired HS256 token, or undefined for anything else. */
export function verifySession(token: string, secret: string): VerifiedSession | undefined {
  try {
    const claims = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] });
    if (typeof claims === 'string') return undefined;
    const parsed = UserPayload.safeParse({ id: claims.sub, email: claims.email });
    const version = SessionVersionClaim.safeParse(claims.sv);
    const id = SessionIdClaim.safeParse(claims.jti);
    if (!parsed.success || !version.success || !id.success || typeof claims.exp !== 'number')
      return undefined;
    return {
      user: parsed.data,
      sessionVersion: version.data,
      sessionId: id.data,
      expiresAt: new Date(claims.exp * 1000),
    };
  } catch {
    return undefined;
  }
}

/** Returns the user in a valid, unexpired HS256 token, or undefined for anything else. */
export function verifyToken(token: string, secret: string): UserPayload | undefined {
  return verifySession(token, secret)?.user;
}
