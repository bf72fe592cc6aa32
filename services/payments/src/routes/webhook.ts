import { badRequest } from '@ticketing/common';
import type { WebhookReceipt } from '@ticketing/contracts';
import { Router } from 'express';
import type { PaymentsDeps } from '../domain/deps';
import { BadSignature, type WebhookVerifier } from '../domain/stripe-events';
import { handleStripeEvent } from '../domain/stripe-webhook';

/** Stripe calls this, not a user: no session, the signature over the raw body is the proof. */
export function webhookRouter(deps: PaymentsDeps, verifier: WebhookVerifier): Router {
  const router = Router();
  router.post('/webhook', async (req, res) => {
    const rawBody = (req as { rawBody?: Buffer }).rawBody;
    let event;
    try {
      event = verifier.verify(rawBody, req.header('stripe-signature'));
    } catch (err) {
      if (err instanceof BadSignature) throw badRequest(err.message);
      throw err;
    }
    const outcome = await handleStripeEvent(deps, event);
    req.log?.info({ stripeEvent: event.id, type: event.type, outcome }, 'stripe webhook');
    const receipt: WebhookReceipt = {
      received: true,
      ...(outcome === 'duplicate' ? { duplicate: true } : {}),
      ...(outcome === 'ignored' ? { ignored: true } : {}),
    };
    res.status(200).json(receipt);
  });
  return router;
}
