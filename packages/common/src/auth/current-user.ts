import type { Request, RequestHandler } from 'express';
import { notSignedIn } from '../errors/app-error';
import { readCookie } from '../http/cookies';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, verifySession, type UserPayload } from './jwt';
import { sessionStillValid, sharedSessionVersions, type SessionVersions } from './session-versions';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      currentUser?: UserPayload;
    }
  }
}

/**
 * The session token a request carries: `Authorization: Bearer`, else the session cookie. The
 * `__Host-` cookie counts however the request came (only an https answer of this origin can have
 * set it); the plain one only over http, so over https a cookie planted by a sibling subdomain
 * or a man in the middle of some earlier http request is never taken for a session.
 */
export function tokenOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookies = req.headers.cookie;
  return (
    readCookie(cookies, SECURE_SESSION_COOKIE) ??
    (req.secure ? undefined : readCookie(cookies, SESSION_COOKIE))
  );
}

/**
 * Sets `req.currentUser` from the session cookie or `Authorization: Bearer`, if valid and not
 * ended: a token with a session version must match the user's current one and its session id
 * must not have been signed out (decision 011),
 * checked against `sessions`, else the source `useSessionVersions` set, else not at all.
 */
export function currentUser(secret: string, sessions?: SessionVersions): RequestHandler {
  return (req, _res, next) => {
    const token = tokenOf(req);
    const session = token ? verifySession(token, secret) : undefined;
    if (!session) return next();
    const source = sessions ?? sharedSessionVersions();
    if (session.sessionVersion === undefined || !source) {
      req.currentUser = session.user;
      return next();
    }
    source.current(session.user.id).then((current) => {
      if (sessionStillValid(current, session)) req.currentUser = session.user;
      next();
    }, next);
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
