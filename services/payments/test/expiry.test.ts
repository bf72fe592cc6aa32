/**
 * POST /internal/expiries/:orderId: orders asks before it releases an expired hold (decision
 * 022). Payments closes the order's charge unless money was or is being taken, so no payment can
 * succeed for a hold that orders then releases.
 */
import request from 'supertest';
import { newId } from '@ticketing/testkit';
import { ChargeModel } from '../src/data/charges';
import {
  chargeOf,
  declineFirstPayment,
  openOrder,
  payHeldAtStripe,
  usePaymentsApp,
} from './harness';

const h = usePaymentsApp();
const visa = 'pm_card_visa';
const expiry = (orderId: string) => request(h.app).post(`/internal/expiries/${orderId}`);

describe('POST /internal/expiries/:orderId', () => {
  it('when nothing was paid, then "closed", and a payment that had passed its expiry check finds the order expired and charges nothing', async () => {
    // The replica here still thinks the order open: exactly the moment the race needs.
    const { user, order } = await openOrder(h);

    expect((await expiry(order.id).expect(200)).body).toEqual({
      orderId: order.id,
      charge: 'closed',
    });
    expect(await chargeOf(order.id)).toMatchObject({ state: 'void' });

    const res = await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order has expired' }] });
    expect(h.gateway.charges).toHaveLength(0);
    expect(await h.publishOutbox(order.id)).toHaveLength(0);
    // Asked again (the reminder repeats, the sweep too): the same answer, nothing new.
    expect((await expiry(order.id).expect(200)).body.charge).toBe('closed');
  });

  it('when the order was paid, then "paid" and the charge is left as it is', async () => {
    const { user, order } = await openOrder(h);
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(201);

    expect((await expiry(order.id).expect(200)).body.charge).toBe('paid');
    expect(await chargeOf(order.id)).toMatchObject({ state: 'succeeded', refundDueAt: null });
    expect(await h.publishOutbox(order.id)).toHaveLength(1);
  });

  it('when the card was declined, then "closed", and no new attempt may start', async () => {
    const { user, order } = await openOrder(h);
    await declineFirstPayment(h, user.token, order.id);

    expect((await expiry(order.id).expect(200)).body.charge).toBe('closed');
    await h.pay(user.token, { orderId: order.id, paymentMethod: visa }).expect(409);
    expect(h.gateway.charges).toHaveLength(0);
    expect(await chargeOf(order.id)).toMatchObject({ state: 'void', attempt: 1 });
  });

  it('when a charge is with Stripe, then "in-flight"; once it succeeds, "paid"', async () => {
    const { user, order } = await openOrder(h);
    const { paying, release } = await payHeldAtStripe(h, user.token, order.id);

    expect((await expiry(order.id).expect(200)).body.charge).toBe('in-flight');
    release();
    expect((await paying).status).toBe(201);
    expect((await expiry(order.id).expect(200)).body.charge).toBe('paid');
  });

  it('when payment and expiry race on one order, then either the payment is charged and the answer is "paid", or nothing is charged', async () => {
    let answered201 = 0;
    for (let round = 0; round < 10; round++) {
      const { user, order } = await openOrder(h);
      const [paid, closed] = await Promise.all([
        h.pay(user.token, { orderId: order.id, paymentMethod: visa }),
        expiry(order.id),
      ]);
      const charge = closed.body.charge as string;
      if (paid.status === 201) {
        answered201 += 1;
        expect(charge === 'paid' || charge === 'in-flight').toBe(true);
        expect((await expiry(order.id)).body.charge).toBe('paid');
      } else {
        expect(paid.status).toBe(409);
        expect(charge).toBe('closed');
        expect(await chargeOf(order.id)).toMatchObject({ state: 'void' });
      }
    }
    // Every charge the gateway took belongs to an order answered 201.
    expect(h.gateway.charges).toHaveLength(answered201);
  });

  it('when the order id is not an order id, then 400 and nothing is written', async () => {
    const before = await ChargeModel.countDocuments();
    const res = await expiry('not-an-id').expect(400);
    expect(res.body.errors[0].message).toMatch(/orderId/);
    await expiry(`${newId()}x`).expect(400);
    expect(await ChargeModel.countDocuments()).toBe(before);
  });
});
