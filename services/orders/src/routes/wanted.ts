import { parseInput, requireAuth, userOf } from '@ticketing/common';
import {
  JoinWantedInput,
  WantedCountsQuery,
  WantedQuery,
  type WantedEntry as WantedJson,
} from '@ticketing/contracts';
import { Router } from 'express';
import type { OrdersDeps } from '../domain/deps';
import {
  demandForHolder,
  joinWantedList,
  leaveWantedList,
  myWantedLists,
  showWantedList,
  wantedCounts,
  type PlacedEntry,
} from '../domain/wanted-list';

const entryJson = (e: PlacedEntry): WantedJson => ({
  eventId: e.eventId,
  userId: e.userId,
  maxPrice: e.maxPrice,
  currency: e.currency,
  place: e.place,
  position: e.position,
  joinedAt: e.joinedAt.toISOString(),
});

export function wantedRouter(deps: OrdersDeps): Router {
  const router = Router();
  // Lengths move with every join, and a signed-in answer holds the caller's own place.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/', async (req, res) => {
    const { eventId } = parseInput(WantedQuery, req.query);
    const list = await showWantedList(eventId, req.currentUser);
    res.json({ ...list, mine: list.mine ? entryJson(list.mine) : null });
  });

  router.get('/counts', async (req, res) => {
    const { eventIds } = parseInput(WantedCountsQuery, req.query);
    res.json({ items: await wantedCounts(eventIds) });
  });

  router.get('/mine', requireAuth, async (req, res) => {
    res.json({ items: (await myWantedLists(userOf(req))).map(entryJson) });
  });

  router.get('/demand', requireAuth, async (req, res) => {
    res.json({ items: await demandForHolder(userOf(req)) });
  });

  router.post('/', requireAuth, async (req, res) => {
    const input = parseInput(JoinWantedInput, req.body ?? {});
    res.status(201).json(entryJson(await joinWantedList(deps, userOf(req), input)));
  });

  router.delete('/:eventId', requireAuth, async (req, res) => {
    await leaveWantedList(userOf(req), String(req.params.eventId));
    res.status(204).end();
  });

  return router;
}
