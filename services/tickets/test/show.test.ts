import { Types } from 'mongoose';
import request from 'supertest';
import { onOrderCompleted } from '../src/events/order-completed';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTicket,
  newUser,
  orderCompleted,
  orderCreated,
  orderId,
  useTicketsApp,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const deps = h.deps;

describe('GET /api/tickets/:id', () => {
  it('when the ticket is on sale, then 200 with it, also for someone not signed in', async () => {
    const ticket = await createTicket(h, seller);
    const res = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toEqual(ticket);
  });

  it('when the ticket is reserved, then 200 showing the order', async () => {
    const ticket = await createTicket(h, seller);
    const order = orderId();
    expect(await onOrderCreated(deps)(orderCreated(ticket, order))).toBe('success');

    const res = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toMatchObject({
      status: 'reserved',
      orderId: order,
      holderId: null,
      version: 1,
    });
  });

  it('when the ticket is sold, then 200 showing its holder', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser('buyer');
    const order = orderId();
    await onOrderCreated(deps)(orderCreated(ticket, order, buyer));
    expect(await onOrderCompleted(deps)(orderCompleted(ticket.id, order, buyer.id))).toBe(
      'success',
    );

    const res = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toMatchObject({
      status: 'sold',
      orderId: order,
      holderId: buyer.id,
      version: 2,
    });
  });

  it('when no ticket has the id, then 404', async () => {
    const res = await request(h.app)
      .get(`/api/tickets/${new Types.ObjectId().toHexString()}`)
      .expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it.each(['not-an-id', '123', 'aaaaaaaaaaaa', `${'a'.repeat(24)}x`, '%24where'])(
    'when the id is malformed (%s), then 404',
    async (id) => {
      const res = await request(h.app).get(`/api/tickets/${id}`).expect(404);
      expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
    },
  );

  it('when the ticket was deleted, then 404', async () => {
    const ticket = await createTicket(h, seller);
    await request(h.app)
      .delete(`/api/tickets/${ticket.id}`)
      .set('Authorization', seller.auth)
      .expect(204);
    await request(h.app).get(`/api/tickets/${ticket.id}`).expect(404);
  });
});
