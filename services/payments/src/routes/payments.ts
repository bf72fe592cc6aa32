import { clientKeyOf, parseInput, requireAuth, userOf } from '@ticketing/common';
import { Router } from 'express';
import type { PaymentsDeps } from '../domain/deps';
import { PayInput } from '@ticketing/contracts';
import { payOrder } from '../domain/pay-order';

export function paymentsRouter(deps: PaymentsDeps): Router {
  const router = Router();
  router.post('/', requireAuth, async (req, res) => {
    const input = parseInput(PayInput, req.body ?? {});
    const payment = await payOrder(deps, { user: userOf(req), client: clientKeyOf(req) }, input);
    // 202: Stripe accepted the payment but settles it later; its webhook completes it.
    res.status(payment.state === 'succeeded' ? 201 : 202).json(payment);
  });
  return router;
}
