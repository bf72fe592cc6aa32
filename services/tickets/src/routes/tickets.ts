import { clientKeyOf, parseInput, requireAuth, userOf } from '@ticketing/common';
import {
  CreateTicketsInput,
  EditTicketInput,
  ListTicketsQuery,
  ResellInput,
} from '@ticketing/contracts';
import { Router } from 'express';
import { createTickets } from '../domain/create-tickets';
import { deleteTicket } from '../domain/delete-ticket';
import type { TicketsDeps } from '../domain/deps';
import { editTicket } from '../domain/edit-ticket';
import { listTickets } from '../domain/list-tickets';
import { admitListing } from '../domain/listing-limits';
import { resellTicket, withdrawResale } from '../domain/resale';
import { heldTickets, payouts, showTicket } from '../domain/show-ticket';

export function ticketsRouter(deps: TicketsDeps): Router {
  const router = Router();

  router.post('/', requireAuth, async (req, res) => {
    const input = parseInput(CreateTicketsInput, req.body ?? {});
    await admitListing(deps, userOf(req), clientKeyOf(req));
    res.status(201).json({ tickets: await createTickets(deps, userOf(req), input) });
  });

  router.get('/', async (req, res) => {
    res.json(await listTickets(parseInput(ListTicketsQuery, req.query), deps.now()));
  });

  router.get('/mine', requireAuth, async (req, res) => {
    res.json({ items: await heldTickets(userOf(req).id) });
  });

  router.get('/payouts', requireAuth, async (req, res) => {
    res.json({ items: await payouts(userOf(req).id) });
  });

  router.get('/:id', async (req, res) => {
    res.json(await showTicket(req.params.id, req.currentUser?.id));
  });

  router.put('/:id', requireAuth, async (req, res) => {
    const changes = parseInput(EditTicketInput, req.body ?? {});
    res.json(await editTicket(deps, userOf(req), String(req.params.id), changes));
  });

  router.delete('/:id', requireAuth, async (req, res) => {
    await deleteTicket(deps, userOf(req), String(req.params.id));
    res.status(204).end();
  });

  router.post('/:id/resale', requireAuth, async (req, res) => {
    const input = parseInput(ResellInput, req.body ?? {});
    res.json(await resellTicket(deps, userOf(req), String(req.params.id), input));
  });

  router.delete('/:id/resale', requireAuth, async (req, res) => {
    res.json(await withdrawResale(deps, userOf(req), String(req.params.id)));
  });

  return router;
}
