import { badRequest } from '@ticketing/common';
import type { ExpiryAnswer } from '@ticketing/contracts';
import { Router } from 'express';
import type { PaymentsDeps } from '../domain/deps';
import { closeChargeForExpiry } from '../domain/expiry-verdict';

const ORDER_ID = /^[0-9a-f]{24}$/;

/**
 * Routes for other services, through their sidecars only: the public origin forwards `/api/*`
 * alone, accessControl lets only orders call this, and the app token keeps everyone else out.
 */
export function internalRouter(deps: PaymentsDeps): Router {
  const router = Router();
  // Orders is about to release an expired hold: close the order's charge unless it is paid or
  // being paid, and say which (decision 022).
  router.post('/expiries/:orderId', async (req, res) => {
    const { orderId } = req.params;
    if (!ORDER_ID.test(orderId)) throw badRequest('orderId must be an order id');
    const answer: ExpiryAnswer = { orderId, charge: await closeChargeForExpiry(deps, orderId) };
    res.set('Cache-Control', 'no-store').json(answer);
  });
  return router;
}
