import { parseInput, requireAuth, userOf } from '@ticketing/common';
import { Router } from 'express';
import { createTickets } from '../domain/create-tickets';
import { deleteTicket } from '../domain/delete-ticket';
import { editTicket } from '../domain/edit-ticket';
import { CreateTicketsInput, EditTicketInput, ListTicketsQuery } from '@ticketing/contracts';
import { listTickets } from '../domain/list-tickets';
import { showTicket } from '../domain/show-ticket';

export interface TicketsRouterDeps {
  /** Called with each ticket written, so its outbox is published at once rather than on the next sweep. */
  afterWrite: (ticketId: string) => void;
}

export function ticketsRouter({ afterWrite }: TicketsRouterDeps): Router {
  const router = Router();

  router.post('/', requireAuth, async (req, res) => {
    const input = parseInput(CreateTicketsInput, req.body ?? {});
    const tickets = await createTickets(userOf(req), input);
    for (const ticket of tickets) afterWrite(ticket.id);
    res.status(201).json({ tickets });
  });

  router.get('/', async (req, res) => {
    res.json(await listTickets(parseInput(ListTicketsQuery, req.query)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await showTicket(req.params.id));
  });

  router.put('/:id', requireAuth, async (req, res) => {
    const changes = parseInput(EditTicketInput, req.body ?? {});
    const ticket = await editTicket(userOf(req), String(req.params.id), changes);
    afterWrite(ticket.id);
    res.json(ticket);
  });

  router.delete('/:id', requireAuth, async (req, res) => {
    const id = String(req.params.id);
    await deleteTicket(userOf(req), id);
    afterWrite(id);
    res.status(204).end();
  });

  return router;
}
