import { clientKeyOf, parseInput, requireAuth, userOf } from '@ticketing/common';
import { Router } from 'express';
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
import { signUp, type SignupDeps } from '../domain/sign-up';
import type { SigninLimiter } from '../domain/signin-limiter';
import { sessionCookie } from './session-cookie';

export interface UsersRouterDeps {
  config: Pick<AuthConfig, 'JWT_SECRET' | 'JWT_TTL_SECONDS'>;
  limiter: SigninLimiter;
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
    res.status(201).json({ user, token: session.start(req, res, user, 0) });
  });

  router.post('/signin', async (req, res) => {
    const input = parseInput(SignInInput, req.body ?? {});
    const { user, sessionVersion } = await signIn(input, clientIp(req.ip), limiter);
    res.status(200).json({ user, token: session.start(req, res, user, sessionVersion) });
  });

  router.post('/signout', (req, res) => {
    session.end(req, res);
    res.status(204).end();
  });

  router.get('/currentuser', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });

  router.put('/password', requireAuth, async (req, res) => {
    const input = parseInput(ChangePasswordInput, req.body ?? {});
    await changePassword(userOf(req), input, clientIp(req.ip), limiter);
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

// req.ip is only missing when the socket is already gone; such a request still gets counted.
const clientIp = (ip: string | undefined) => ip ?? 'unknown';
