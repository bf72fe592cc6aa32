import { parseInput, requireAuth, userOf } from '@ticketing/common';
import { MarkReadInput } from '@ticketing/contracts';
import { Router } from 'express';
import type { OrdersDeps } from '../domain/deps';

export function notificationsRouter(deps: OrdersDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAuth);

  router.get('/', async (req, res) => {
    const items = await deps.inbox.list(userOf(req).id);
    res.json({ items, unread: items.filter((i) => !i.read).length });
  });

  router.get('/unread', async (req, res) => {
    const items = await deps.inbox.list(userOf(req).id);
    res.json({ unread: items.filter((i) => !i.read).length });
  });

  router.post('/read', async (req, res) => {
    const input = parseInput(MarkReadInput, req.body ?? {});
    const unread = await deps.inbox.markRead(userOf(req).id, input.all ? 'all' : input.ids!);
    res.json({ unread });
  });

  return router;
}
