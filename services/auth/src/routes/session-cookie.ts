import { randomBytes } from 'node:crypto';
import {
  sessionCookieName,
  signToken,
  tokenOf,
  verifySession,
  type UserPayload,
  type VerifiedSession,
} from '@ticketing/common';
import type { CookieOptions, Request, Response } from 'express';

/**
 * The session is a JWT in an httpOnly, SameSite=Lax cookie. When the request came over https
 * (directly or through a trusted loopback proxy's X-Forwarded-Proto) it is Secure and named
 * `__Host-session`, which browsers keep only for this host and path `/`; over plain http (a
 * laptop) it is `session`.
 */
export function sessionCookie(secret: string, ttlSeconds: number) {
  const options = (req: Request): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: req.secure,
  });
  return {
    /** Signs a token, sets the cookie and returns the token for API clients. */
    start(req: Request, res: Response, user: UserPayload, sessionVersion: number): string {
      const sessionId = randomBytes(16).toString('base64url');
      const token = signToken(user, secret, ttlSeconds, sessionVersion, sessionId);
      res.cookie(sessionCookieName(req.secure), token, {
        ...options(req),
        maxAge: ttlSeconds * 1000,
      });
      return token;
    },
    /** The valid session the request carries, if any (cookie or Bearer). */
    of(req: Request): VerifiedSession | undefined {
      const token = tokenOf(req);
      return token ? verifySession(token, secret) : undefined;
    },
    end(req: Request, res: Response): void {
      res.clearCookie(sessionCookieName(req.secure), options(req));
    },
  };
}
