import request from 'supertest';
import { OrderModel } from '../src/data/orders';
import { FerretReservations } from '../src/data/ferret-reservations';
import { TakenTickets } from '../src/data/taken-tickets';
import { findTicketShared, TicketReplicaModel } from '../src/data/ticket-replica';
import {
  expirationEvent,
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  placeOrder,
  replicaOf,
  user,
  useOrdersApp,
} from './harness';

const h = useOrdersApp();
// Without the memory of taken tickets, so every attempt reaches the conditional update.
const reservations = new FerretReservations(new TakenTickets(0));

const statusCounts = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('buyers racing for one ticket', () => {
  it('when 100 buyers order the same ticket at once, then exactly one gets it and 99 get 409', async () => {
    const ticket = await listedTicket(h);
    const buyers = Array.from({ length: 100 }, () => user());

    const responses = await Promise.all(buyers.map((b) => placeOrder(h, b, ticket.id)));

    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 201: 1, 409: 99 });
    const winner = responses.find((r) => r.status === 201)!.body;
    const stored = await OrderModel.find({ 'ticket.id': ticket.id }).lean();
    expect(stored.map((o) => [o._id.toHexString(), o.status])).toEqual([[winner.id, 'created']]);
    expect((await replicaOf(ticket.id)).reservedBy).toBe(winner.id);
    const created = (await h.flushEvents()).filter(
      (p) => p.topic === 'order.created' && (p.event.ticket as { id: string }).id === ticket.id,
    );
    expect(created.map((p) => p.event.id)).toEqual([winner.id]);
  });

  it('when 100 reservations race past every early check, then the conditional update lets one win', async () => {
    const ticket = await listedTicket(h);
    const orderIds = Array.from({ length: 100 }, () => newId());

    const won = await Promise.all(
      orderIds.map((id) => reservations.reserve(ticket.id, id, newId(), h.now())),
    );

    expect(won.filter((w) => w === 'won')).toHaveLength(1);
    expect(won.filter((w) => w !== 'won').every((w) => w === 'lost')).toBe(true);
    expect((await replicaOf(ticket.id)).reservedBy).toBe(orderIds[won.indexOf('won')]);
  });

  it('when buyers read one ticket at once, then one read serves them all, and a read after a write is fresh', async () => {
    const ticket = await listedTicket(h);
    const orderId = newId();
    const reads = jest.spyOn(TicketReplicaModel, 'findById');
    try {
      const seen = await Promise.all(Array.from({ length: 20 }, () => findTicketShared(ticket.id)));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(seen.every((t) => t?.reservedBy === null)).toBe(true);

      // A read still in flight when the reservation lands: it answers what it saw before.
      let answer!: (doc: unknown) => void;
      const stale = new Promise((resolve) => (answer = resolve));
      reads.mockImplementationOnce(() => ({ lean: () => stale }) as never);
      const before = findTicketShared(ticket.id);
      expect(await reservations.reserve(ticket.id, orderId, newId(), h.now())).toBe('won');
      const after = findTicketShared(ticket.id);
      answer(
        await TicketReplicaModel.findById(ticket.id)
          .lean()
          .then((d) => ({ ...d, reservedBy: null })),
      );
      expect((await before)?.reservedBy).toBeNull();
      expect((await after)?.reservedBy).toBe(orderId);

      await reservations.release(ticket.id, orderId);
      expect((await findTicketShared(ticket.id))?.reservedBy).toBeNull();
    } finally {
      reads.mockRestore();
    }
  });

  it('when an order is cancelled, then the ticket is on sale at once and one of 50 racing buyers gets it', async () => {
    const ticket = await listedTicket(h);
    const first = user();
    const order = await orderFor(h, first, ticket.id);
    await request(h.app)
      .delete(`/api/orders/${order.id}`)
      .set('Authorization', first.auth)
      .expect(200);

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => placeOrder(h, user(), ticket.id)),
    );

    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 201: 1, 409: 49 });
    const winner = responses.find((r) => r.status === 201)!.body;
    expect((await replicaOf(ticket.id)).reservedBy).toBe(winner.id);
  });

  it('when the payment and the expiry of one order arrive together, then exactly one of them wins', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    h.advanceClock(15 * 60_000);

    const results = await Promise.all([
      h.handlers['expiration.complete'](expirationEvent(order.id)),
      h.handlers['payment.created'](paymentEvent(order.id)),
      h.handlers['expiration.complete'](expirationEvent(order.id)),
      h.handlers['payment.created'](paymentEvent(order.id)),
    ]);

    expect(results).toEqual(['success', 'success', 'success', 'success']);
    const stored = await OrderModel.findById(order.id).lean();
    const ends = [
      ...(await h.eventsOf('order.cancelled', order.id)),
      ...(await h.eventsOf('order.completed', order.id)),
    ];
    expect(ends).toHaveLength(1);
    const completed = await h.eventsOf('order.completed', order.id);
    expect(completed).toHaveLength(stored!.status === 'complete' ? 1 : 0);
    expect(stored!.version).toBe(1);
    const replica = await replicaOf(ticket.id);
    if (stored!.status === 'complete') expect(replica.soldTo).toBe(stored!.userId);
    else expect(replica).toMatchObject({ reservedBy: null, soldTo: null });
  });
});
