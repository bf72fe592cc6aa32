import type { Request, RequestHandler } from 'express';
import { notSignedIn } from '../errors/app-error';
import { readCookie } from '../http/cookies';
import { SESSION_COOKIE, verifyToken, type UserPayload } from './jwt';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      currentUser?: UserPayload;
    }
  }
}

function tokenOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/** Sets `req.currentUser` from the session cookie or `Authorization: Bearer`, if valid. */
export function currentUser(secret: string): RequestHandler {
  return (req, _res, next) => {
    const token = tokenOf(req);
    if (token) req.currentUser = verifyToken(token, secret);
    next();
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.currentUser) return next(notSignedIn());
  next();
};

/** The signed-in user of a request that passed `requireAuth`. */
export function userOf(req: Request): UserPayload {
  if (!req.currentUser) throw notSignedIn();
  return req.currentUser;
}
