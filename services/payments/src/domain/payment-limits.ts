import { admit, type RateLimiter, type UserPayload } from '@ticketing/common';
import type { PaymentsDeps } from './deps';

/** Who is paying: the signed-in buyer and the client address they came from. */
export interface Payer {
  user: UserPayload;
  client: string;
}

/**
 * How often one buyer (and one client address) may pay, and how many declined cards an order
 * and a buyer may have before payments stops asking Stripe (card testing). Counted in the
 * state store (decision 012); each is off when its limit is 0.
 */
export interface PaymentLimits {
  perUser: RateLimiter;
  perClient: RateLimiter;
  declinesPerOrder: RateLimiter;
  declinesPerUser: RateLimiter;
}

const UNAVAILABLE = 'Payments cannot be taken just now; try again in a moment';

/** Counts one payment request, then refuses (429) a buyer or order with too many declines. */
export async function admitPayment(
  deps: PaymentsDeps,
  { user, client }: Payer,
  orderId: string,
): Promise<void> {
  const now = deps.now();
  await admit(
    [
      { limiter: deps.limits.perUser, key: user.id },
      { limiter: deps.limits.perClient, key: client },
    ],
    {
      now,
      logger: deps.logger,
      tooFast: (s) => `You are paying too fast: try again in ${s} s`,
      unavailable: UNAVAILABLE,
    },
  );
  await admit(
    [
      { limiter: deps.limits.declinesPerOrder, key: orderId },
      { limiter: deps.limits.declinesPerUser, key: user.id },
    ],
    {
      now,
      logger: deps.logger,
      mode: 'check',
      tooFast: (s) => `Too many declined payments: try again in ${s} s`,
      unavailable: UNAVAILABLE,
    },
  );
}

/**
 * Counts a declined card against the order and the buyer. The decline has happened whatever
 * this does, so a store that cannot be reached is logged rather than turned into an error.
 */
export async function countDecline(deps: PaymentsDeps, user: UserPayload, orderId: string) {
  const now = deps.now();
  await Promise.all(
    [
      deps.limits.declinesPerOrder.take(orderId, now),
      deps.limits.declinesPerUser.take(user.id, now),
    ].map((taking) =>
      taking.catch((err: unknown) =>
        deps.logger.error({ err, orderId }, 'declined payment not counted: state store failed'),
      ),
    ),
  );
}
