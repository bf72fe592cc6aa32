import { runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadOrdersConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { OrderModel } from './data/orders';
import type { OrdersDeps } from './domain/deps';
import { sweepOrphanReservations } from './domain/sweep-orphan-reservations';
import { FerretReservations } from './data/ferret-reservations';
import { subscribeOrders } from './events/handlers';

const SWEEP_EVERY_MS = 5_000;

runService('orders', loadOrdersConfig, async (config, { logger, outbox, every }) => {
  // The listing and sweeper queries rely on these indexes; build them before serving.
  await ensureIndexes();
  const deps: OrdersDeps = {
    logger,
    now: () => new Date(),
    outboxWritten: outbox(OrderModel),
    expirationWindowMs: config.EXPIRATION_WINDOW_SECONDS * 1000,
    reservations: new FerretReservations(),
  };
  const known = new Set<string>();
  every('orphan reservation sweep', SWEEP_EVERY_MS, async () => {
    const swept = await sweepOrphanReservations(deps, known);
    if (swept.released) logger.warn(swept, 'freed tickets reserved for orders never written');
  });
  return {
    app: buildApp({ config, logger, deps, ready: () => mongoose.connection.readyState === 1 }),
    subscribe: (subscriber) => subscribeOrders(deps, subscriber),
  };
});
