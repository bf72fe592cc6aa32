import type { Logger } from 'pino';
import type { PaymentGateway } from './payment-gateway';

/** What the use cases need from the outside world; routes, handlers and tests build one. */
export interface PaymentsDeps {
  gateway: PaymentGateway;
  /** Asks the outbox relay to publish the charge of this order now instead of at its next sweep. */
  kickOutbox: (orderId: string) => void;
  now: () => Date;
  logger: Logger;
}

/** A claim (charge or refund) untouched this long belongs to a process that died mid-call. */
export const STALE_CLAIM_MS = 60_000;
