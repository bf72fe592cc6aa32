import { parseInput, requireAuth, userOf } from '@ticketing/common';
import { EventListingsQuery, ListEventsQuery } from '@ticketing/contracts';
import { Router } from 'express';
import type { TicketsDeps } from '../domain/deps';
import { cancelEvent } from '../domain/cancel-event';
import { browseEvents, showEvent } from '../domain/events';

export function eventsRouter(deps: TicketsDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await browseEvents(parseInput(ListEventsQuery, req.query), deps.now()));
  });

  router.get('/:id', async (req, res) => {
    res.json(await showEvent(req.params.id, parseInput(EventListingsQuery, req.query)));
  });

  router.post('/:id/cancel', requireAuth, async (req, res) => {
    res.json(await cancelEvent(deps, userOf(req), String(req.params.id)));
  });

  return router;
}
