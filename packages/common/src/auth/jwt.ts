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

export function signToken(user: UserPayload, secret: string, ttlSeconds: number): string {
  return jwt.sign({ email: user.email }, keyOf(secret), {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: ttlSeconds,
  });
}

/** Returns the user in a valid, unexpired HS256 token, or undefined for anything else. */
export function verifyToken(token: string, secret: string): UserPayload | undefined {
  try {
    const claims = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] });
    if (typeof claims === 'string') return undefined;
    const parsed = UserPayload.safeParse({ id: claims.sub, email: claims.email });
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
