import { notFound } from '@ticketing/common';
import { Router } from 'express';
import { sessionVersionOf } from '../data/users';

/**
 * Routes for the other services, through their sidecars only: the public origin forwards
 * `/api/*` alone, and the app token keeps everyone else out.
 */
export function internalRouter(): Router {
  const router = Router();
  // The version every token of the user must carry to still be valid (decision 011).
  router.get('/sessions/:userId', async (req, res) => {
    const sessionVersion = await sessionVersionOf(req.params.userId);
    if (sessionVersion === undefined) throw notFound('No such user');
    res.set('Cache-Control', 'no-store').json({ userId: req.params.userId, sessionVersion });
  });
  return router;
}
