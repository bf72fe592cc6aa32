import { findOrder } from '../src/data/orders';
import {
  listedTicket,
  newId,
  orderFor,
  paymentEvent,
  placeOrder,
  replicaOf,
  ticketEvent,
  user,
  useOrdersApp,
} from './harness';

const h = useOrdersApp();

/**
 * A ticket bought by `holder` (order complete), as tickets then announces it: sold to them at
 * version 2 (version 1 was the reservation's echo).
 */
async function heldTicket(holder = user()) {
  const ticket = await listedTicket(h);
  const order = await orderFor(h, holder, ticket.id);
  expect(await h.handlers['payment.created'](paymentEvent(order.id))).toBe('success');
  for (const [version, status, orderId] of [
    [1, 'reserved', order.id],
    [2, 'sold', order.id],
  ] as const)
    expect(
      await h.handlers['ticket.updated'](
        ticketEvent({
          ...ticket,
          version,
          status,
          orderId,
          holderId: version === 2 ? holder.id : null,
        }),
      ),
    ).toBe('success');
  return { ticket, holder, first: order };
}

/** tickets' ticket.updated when the holder relists it: a new round, the holder as seller. */
const relisted = (
  ticket: ReturnType<typeof ticketEvent>,
  holderId: string,
  version: number,
  resales: number,
  price = 3000,
) =>
  ticketEvent({
    ...ticket,
    eventId: newId(),
    version,
    price,
    sellerId: holderId,
    holderId,
    status: 'available',
    orderId: null,
    resale: true,
    resales,
  });

describe('resale in the replica', () => {
  it('when the holder relists a ticket they bought, then another buyer can order it at the new price, and the reseller cannot', async () => {
    const { ticket, holder } = await heldTicket();
    await placeOrder(h, user(), ticket.id).expect(409);

    expect(await h.handlers['ticket.updated'](relisted(ticket, holder.id, 3, 1))).toBe('success');

    expect(await replicaOf(ticket.id)).toMatchObject({
      version: 3,
      resales: 1,
      sellerId: holder.id,
      price: 3000,
      reservedBy: null,
      soldTo: null,
    });
    await placeOrder(h, holder, ticket.id).expect(400);
    const c = user();
    const order = await orderFor(h, c, ticket.id);
    expect(await findOrder(order.id)).toMatchObject({
      ticket: { id: ticket.id, price: 3000, sellerId: holder.id },
    });
    // And it can be paid for (at the resale price) and held again.
    const payment = { ...paymentEvent(order.id), amount: 3000 };
    expect(await h.handlers['payment.created'](payment)).toBe('success');
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: order.id, soldTo: c.id });
  });

  it('when the relisting arrives before the sale it follows, then it waits (version order holds)', async () => {
    const ticket = await listedTicket(h);
    const holder = user();
    const order = await orderFor(h, holder, ticket.id);
    await h.handlers['payment.created'](paymentEvent(order.id));

    expect(await h.handlers['ticket.updated'](relisted(ticket, holder.id, 3, 1))).toBe('retry');
    await placeOrder(h, user(), ticket.id).expect(409);
  });

  it('when a replayed older version arrives after a relisting, then the new round stays', async () => {
    const { ticket, holder } = await heldTicket();
    await h.handlers['ticket.updated'](relisted(ticket, holder.id, 3, 1));
    expect(
      await h.handlers['ticket.updated'](ticketEvent({ ...ticket, version: 2, status: 'sold' })),
    ).toBe('success');
    expect(await replicaOf(ticket.id)).toMatchObject({ version: 3, resales: 1, reservedBy: null });
  });

  it('when the holder withdraws the resale, then no one can order it; relisted, they can again', async () => {
    const { ticket, holder } = await heldTicket();
    await h.handlers['ticket.updated'](relisted(ticket, holder.id, 3, 1));
    const withdrawn = ticketEvent({
      ...ticket,
      version: 4,
      sellerId: holder.id,
      holderId: holder.id,
      status: 'sold',
      orderId: null,
      resale: false,
      resales: 1,
    });
    expect(await h.handlers['ticket.updated'](withdrawn)).toBe('success');

    expect(await replicaOf(ticket.id)).toMatchObject({ withdrawn: true });
    const res = await placeOrder(h, user(), ticket.id).expect(409);
    expect(res.body.errors).toEqual([{ message: 'Ticket is not on sale', field: 'ticketId' }]);

    await h.handlers['ticket.updated'](relisted(ticket, holder.id, 5, 2, 2500));
    expect(await replicaOf(ticket.id)).toMatchObject({ withdrawn: false, resales: 2, price: 2500 });
    await orderFor(h, user(), ticket.id);
  });

  it('when an order reserved the resale just before its withdrawal arrived, then that order is cancelled', async () => {
    const { ticket, holder } = await heldTicket();
    await h.handlers['ticket.updated'](relisted(ticket, holder.id, 3, 1));
    const order = await orderFor(h, user(), ticket.id);

    const withdrawn = ticketEvent({
      ...ticket,
      version: 4,
      sellerId: holder.id,
      holderId: holder.id,
      status: 'sold',
      orderId: null,
      resales: 1,
    });
    expect(await h.handlers['ticket.updated'](withdrawn)).toBe('success');

    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'ticket-deleted',
    });
    expect(await replicaOf(ticket.id)).toMatchObject({ reservedBy: null, withdrawn: true });
  });
});
