import { findOrder, OrderModel } from '../src/data/orders';
import { FerretReservations } from '../src/data/ferret-reservations';
import { TakenTickets } from '../src/data/taken-tickets';
import { sweepOrphanReservations } from '../src/domain/sweep-orphan-reservations';
import {
  listedTicket,
  newId,
  orderFor,
  placeOrder,
  replicaOf,
  user,
  useOrdersApp,
  type Harness,
} from './harness';

const h = useOrdersApp();

/** A ticket as POST /api/orders leaves it when the process stops after the reservation. */
async function orphanReservation(h: Harness) {
  const buyer = user();
  const ticket = await listedTicket(h);
  const orderId = newId();
  expect(
    await new FerretReservations(new TakenTickets(0)).reserve(
      ticket.id,
      orderId,
      buyer.id,
      h.now(),
    ),
  ).toBe('won');
  return { buyer, ticket, orderId };
}

describe('the orphan reservation sweeper', () => {
  it('when a ticket is reserved for over 10 s by an order that does not exist, then it is freed', async () => {
    const { buyer, ticket, orderId } = await orphanReservation(h);
    h.advanceClock(10_001);

    expect(await sweepOrphanReservations(h.deps)).toEqual({ released: 1 });

    expect(await replicaOf(ticket.id)).toMatchObject({
      reservedBy: null,
      reservedAt: null,
      reservedFor: null,
    });
    // The id is taken as an order cancelled before anyone heard of it: nothing is announced.
    expect(await findOrder(orderId)).toMatchObject({
      userId: buyer.id,
      status: 'cancelled',
      cancelReason: 'abandoned',
    });
    expect(await h.eventsOf('order.created', orderId)).toEqual([]);
    expect(await h.eventsOf('order.cancelled', orderId)).toEqual([]);
    await placeOrder(h, user(), ticket.id).expect(201);
  });

  it('when the reservation belongs to an order that exists, then it is left alone', async () => {
    const ticket = await listedTicket(h);
    const order = await orderFor(h, user(), ticket.id);
    h.advanceClock(60_000);

    expect(await sweepOrphanReservations(h.deps)).toEqual({ released: 0 });

    expect((await replicaOf(ticket.id)).reservedBy).toBe(order.id);
    expect((await findOrder(order.id))?.status).toBe('created');
  });

  it('when the orphan reservation is younger than 10 s, then it is left alone', async () => {
    const { ticket, orderId } = await orphanReservation(h);
    h.advanceClock(9_000);

    expect(await sweepOrphanReservations(h.deps)).toEqual({ released: 0 });

    expect((await replicaOf(ticket.id)).reservedBy).toBe(orderId);
    expect(await findOrder(orderId)).toBeUndefined();
  });

  it('when two sweeps run at once, then one claims the orphan and the ticket can be ordered', async () => {
    const { ticket, orderId } = await orphanReservation(h);
    h.advanceClock(10_001);

    await Promise.all([sweepOrphanReservations(h.deps), sweepOrphanReservations(h.deps)]);

    expect(await OrderModel.countDocuments({ 'ticket.id': ticket.id })).toBe(1);
    expect((await findOrder(orderId))?.cancelReason).toBe('abandoned');
    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
    await placeOrder(h, user(), ticket.id).expect(201);
  });

  it('when the order is written after the sweeper gave its ticket up, then the order is refused with 409', async () => {
    const ticket = await listedTicket(h);
    const insert = OrderModel.create.bind(OrderModel);
    const spy = jest.spyOn(OrderModel, 'create').mockImplementationOnce((async (
      ...args: Parameters<typeof insert>
    ) => {
      // The process stalls between the reservation and the insert for longer than the sweep waits.
      h.advanceClock(10_001);
      expect(await sweepOrphanReservations(h.deps)).toEqual({ released: 1 });
      return insert(...args);
    }) as never);
    const buyer = user();

    try {
      const res = await placeOrder(h, buyer, ticket.id).expect(409);
      expect(res.body.errors).toEqual([
        { message: 'The reservation took too long; please try again', field: 'ticketId' },
      ]);
    } finally {
      spy.mockRestore();
    }

    expect((await replicaOf(ticket.id)).reservedBy).toBeNull();
    const orders = await OrderModel.find({ 'ticket.id': ticket.id }).lean();
    expect(orders.map((o) => o.status)).toEqual(['cancelled']);
    await placeOrder(h, user(), ticket.id).expect(201);
  });
});
