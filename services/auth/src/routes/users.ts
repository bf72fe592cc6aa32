import { clientKeyOf, parseInput, requireAuth, userOf } from '@ticketing/common';
import { Router, type Request } from 'express';
import type { AuthConfig } from '../config';
import { changePassword } from '../domain/change-password';
import {
  ChangePasswordInput,
  PasswordResetInput,
  PasswordResetRequestInput,
  SignInInput,
  SignUpInput,
} from '@ticketing/contracts';
import {
  RESET_REQUESTED,
  requestPasswordReset,
  resetPassword,
  type ResetDeps,
} from '../domain/password-reset';
import { signIn } from '../domain/sign-in';
import { signOut } from '../domain/sessions';
import { signUp, type SignupDeps } from '../domain/sign-up';
import type { SigninGuard } from '../domain/signin-backoff';
import { sessionCookie } from './session-cookie';

export interface UsersRouterDeps {
  config: Pick<AuthConfig, 'JWT_SECRET' | 'JWT_TTL_SECONDS'>;
  limiter: SigninGuard;
  reset: ResetDeps;
  signups: SignupDeps;
}

export function usersRouter({ config, limiter, reset, signups }: UsersRouterDeps): Router {
  const router = Router();
  const session = sessionCookie(config.JWT_SECRET, config.JWT_TTL_SECONDS);
  // Answers carry tokens or who is signed in: never for a shared cache.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/signup', async (req, res) => {
    const user = await signUp(signups, parseInput(SignUpInput, req.body ?? {}), clientKeyOf(req));
    res.status(201).json({ user, ...tokenFor(req, session.start(req, res, user, 0)) });
  });

  router.post('/signin', async (req, res) => {
    const input = parseInput(SignInInput, req.body ?? {});
    const { user, sessionVersion } = await signIn(input, clientIp(req.ip), limiter);
    res.status(200).json({ user, ...tokenFor(req, session.start(req, res, user, sessionVersion)) });
  });

  router.post('/signout', async (req, res) => {
    await signOut(session.of(req), new Date());
    session.end(req, res);
    res.status(204).end();
  });

  router.get('/currentuser', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });

  router.put('/password', requireAuth, async (req, res) => {
    const input = parseInput(ChangePasswordInput, req.body ?? {});
    const user = userOf(req);
    const sessionVersion = await changePassword(user, input, clientIp(req.ip), limiter);
    // Every session ended with the change; this browser goes on in a new one.
    session.start(req, res, user, sessionVersion);
    res.status(204).end();
  });

  router.post('/password-reset', async (req, res) => {
    const input = parseInput(PasswordResetRequestInput, req.body ?? {});
    await requestPasswordReset(input, clientIp(req.ip), reset);
    res.status(202).json({ message: RESET_REQUESTED });
  });

  router.post('/password-reset/confirm', async (req, res) => {
    await resetPassword(parseInput(PasswordResetInput, req.body ?? {}), reset);
    // Every session just ended, this browser's too.
    session.end(req, res);
    res.status(204).end();
  });

  return router;
}

/**
 * The token goes in the JSON only for API clients (for `Authorization: Bearer`). A browser sends
 * fetch metadata (`Sec-Fetch-Site`, which page script cannot remove), and gets the token in the
 * httpOnly cookie alone, out of reach of any script on the page.
 */
function tokenFor(req: Request, token: string): { token?: string } {
  return req.get('sec-fetch-site') ? {} : { token };
}

// req.ip is only missing when the socket is already gone; such a request still gets counted.
const clientIp = (ip: string | undefined) => ip ?? 'unknown';
