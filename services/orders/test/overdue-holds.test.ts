import { findOrder } from '../src/data/orders';
import { sweepOverdueHolds } from '../src/domain/sweep-overdue-holds';
import { listedTicket, orderFor, user, useOrdersApp } from './harness';

const h = useOrdersApp();

describe('the overdue hold sweep (a safety net behind the expiry reminder)', () => {
  it('when a hold is open seconds past its expiry, then the sweep expires it and frees the ticket', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(15 * 60_000 + 5_000);

    expect(await sweepOverdueHolds(h.deps)).toBe(1);

    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
    });
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(1);
  });

  it('when a hold is not yet past its expiry and grace, then the sweep leaves it open', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(15 * 60_000 + 1_000);

    expect(await sweepOverdueHolds(h.deps)).toBe(0);

    expect((await findOrder(order.id))?.status).not.toBe('cancelled');
  });

  it('when many holds are overdue at once (the reminder path was down), then one sweep expires them all', async () => {
    const orders = [];
    for (let i = 0; i < 12; i++) orders.push(await orderFor(h, user(), (await listedTicket(h)).id));
    h.advanceClock(15 * 60_000 + 5_000);

    // Holds left open by earlier tests are overdue too by now.
    expect(await sweepOverdueHolds(h.deps)).toBeGreaterThanOrEqual(12);

    for (const order of orders) expect((await findOrder(order.id))?.status).toBe('cancelled');
  }, 60_000);

  it('when payments says an overdue hold was paid, then the sweep keeps it open and does not count it', async () => {
    const order = await orderFor(h, user(), (await listedTicket(h)).id);
    h.advanceClock(15 * 60_000 + 5_000);
    h.paymentVerdict = 'paid';
    try {
      expect(await sweepOverdueHolds(h.deps)).toBe(0);
    } finally {
      h.paymentVerdict = 'closed';
    }
    expect(h.paymentChecks).toContain(order.id);
    expect((await findOrder(order.id))?.status).toBe('created');
    expect(await h.eventsOf('order.cancelled', order.id)).toHaveLength(0);
  });
});
