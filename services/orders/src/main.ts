import { DaprStateStore, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadOrdersConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { orderLimitsIn } from './data/limit-counts';
import { OrderModel } from './data/orders';
import type { OrdersDeps } from './domain/deps';
import { sweepOrphanReservations } from './domain/sweep-orphan-reservations';
import { FerretReservations } from './data/ferret-reservations';
import { subscribeOrders } from './events/handlers';
import { StateInbox } from './data/state-inbox';
import { sidecarPayments } from './data/sidecar-payments';
import { sweepOffers } from './domain/priority-hold';
import { sweepOverdueHolds } from './domain/sweep-overdue-holds';

const SWEEP_EVERY_MS = 5_000;
const OVERDUE_SWEEP_EVERY_MS = 2_000;
/** Offers are finished where they start; this only catches one a crash or an error cut short. */
const OFFER_SWEEP_EVERY_MS = 30_000;

runService('orders', loadOrdersConfig, async (config, { logger, outbox, every, daprClient }) => {
  // The listing and sweeper queries rely on these indexes; build them before serving.
  await ensureIndexes();
  const store = new DaprStateStore({
    storeName: config.APP_STATE_NAME,
    daprHttpPort: config.DAPR_HTTP_PORT,
    daprApiToken: config.DAPR_API_TOKEN,
  });
  const deps: OrdersDeps = {
    logger,
    now: () => new Date(),
    outboxWritten: outbox(OrderModel),
    expirationWindowMs: config.EXPIRATION_WINDOW_SECONDS * 1000,
    reservations: new FerretReservations(),
    wantedHoldMs: config.WANTED_HOLD_SECONDS * 1000,
    inbox: new StateInbox(store),
    limits: orderLimitsIn(store, config),
    payments: sidecarPayments(daprClient),
  };
  const known = new Set<string>();
  every('orphan reservation sweep', SWEEP_EVERY_MS, async () => {
    const swept = await sweepOrphanReservations(deps, known);
    if (swept.released) logger.warn(swept, 'freed tickets reserved for orders never written');
  });
  // The expiration actor's reminder releases holds; this catches one it could not (expiration,
  // its sidecar or the scheduler down), so no hold outlives its expiry by much.
  every('overdue hold sweep', OVERDUE_SWEEP_EVERY_MS, async () => {
    const expired = await sweepOverdueHolds(deps);
    if (expired) logger.warn({ expired }, 'expired holds their reminder had not released');
  });
  every('wanted-list offer sweep', OFFER_SWEEP_EVERY_MS, async () => {
    const finished = await sweepOffers(deps);
    if (finished) logger.warn({ finished }, 'finished offers to wanted lists cut short');
  });
  return {
    app: buildApp({ config, logger, deps, ready: () => mongoose.connection.readyState === 1 }),
    subscribe: (subscriber) => subscribeOrders(deps, subscriber),
  };
});
