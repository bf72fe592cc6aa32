import { notFound } from '@ticketing/common';
import { Router } from 'express';
import { sessionStateOf } from '../domain/sessions';

/**
 * Routes for the other services, through their sidecars only: the public origin forwards
 * `/api/*` alone, and the app token keeps everyone else out.
 */
export function internalRouter(): Router {
  const router = Router();
  // The version every token of the user must carry to still be valid, and the sessions ended
  // one by one (decision 011).
  router.get('/sessions/:userId', async (req, res) => {
    const state = await sessionStateOf(req.params.userId, new Date());
    if (!state) throw notFound('No such user');
    res.set('Cache-Control', 'no-store').json({
      userId: req.params.userId,
      sessionVersion: state.version,
      endedSessions: state.ended,
    });
  });
  return router;
}
