import jwt from 'jsonwebtoken';
import { z } from 'zod';

export const SESSION_COOKIE = 'session';

export const UserPayload = z.object({ id: z.string(), email: z.string() });
export type UserPayload = z.infer<typeof UserPayload>;

export function signToken(user: UserPayload, secret: string, ttlSeconds: number): string {
  return jwt.sign({ email: user.email }, secret, {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: ttlSeconds,
  });
}

/** Returns the user in a valid, unexpired HS256 token, or undefined for anything else. */
export function verifyToken(token: string, secret: string): UserPayload | undefined {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
    if (typeof claims === 'string') return undefined;
    const parsed = UserPayload.safeParse({ id: claims.sub, email: claims.email });
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
