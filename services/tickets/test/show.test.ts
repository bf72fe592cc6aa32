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
    const shown = { ...ticket };
    delete shown.orderId;
    delete shown.holderId;
    expect(res.body).toEqual(shown);
  });

  it('when the ticket is reserved, then its seller sees the order and a stranger does not', async () => {
    const ticket = await createTicket(h, seller);
    const order = orderId();
    expect(await onOrderCreated(deps)(orderCreated(ticket, order))).toBe('success');

    const mine = await request(h.app)
      .get(`/api/tickets/${ticket.id}`)
      .set('Authorization', seller.auth)
      .expect(200);
    expect(mine.body).toMatchObject({ status: 'reserved', orderId: order, holderId: null });
    const stranger = await request(h.app)
      .get(`/api/tickets/${ticket.id}`)
      .set('Authorization', newUser('stranger').auth)
      .expect(200);
    expect(stranger.body).toMatchObject({ status: 'reserved', version: 1 });
    expect(stranger.body).not.toHaveProperty('orderId');
    expect(stranger.body).not.toHaveProperty('holderId');
  });

  it('when the ticket is sold, then its holder and seller see holder and order, anyone else neither', async () => {
    const ticket = await createTicket(h, seller);
    const buyer = newUser('buyer');
    const order = orderId();
    await onOrderCreated(deps)(orderCreated(ticket, order, buyer));
    expect(await onOrderCompleted(deps)(orderCompleted(ticket.id, order, buyer.id))).toBe(
      'success',
    );

    for (const viewer of [buyer, seller]) {
      const res = await request(h.app)
        .get(`/api/tickets/${ticket.id}`)
        .set('Authorization', viewer.auth)
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'sold',
        orderId: order,
        holderId: buyer.id,
        version: 2,
      });
    }
    const mine = await request(h.app)
      .get('/api/tickets/mine')
      .set('Authorization', buyer.auth)
      .expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: ticket.id, orderId: order, holderId: buyer.id }),
    ]);
    const anonymous = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(anonymous.body).toMatchObject({ status: 'sold', version: 2 });
    expect(JSON.stringify(anonymous.body)).not.toContain(buyer.id);
    expect(JSON.stringify(anonymous.body)).not.toContain(order);
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
