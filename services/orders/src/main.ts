import { OutboxRelay, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadOrdersConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { OrderModel } from './data/orders';
import type { OrdersContext } from './domain/context';
import { sweepPendingOrders } from './domain/sweep-pending-orders';
import { subscribeOrders } from './events/handlers';

const SWEEP_EVERY_MS = 5_000;

runService(
  'orders',
  () => loadOrdersConfig(),
  async (config, { logger, lifecycle, publisher }) => {
    // The listing and sweeper queries rely on these indexes; build them before serving.
    await ensureIndexes();
    const relay = new OutboxRelay({ model: OrderModel, publisher, logger });
    const ctx: OrdersContext = {
      now: () => new Date(),
      expirationWindowMs: config.EXPIRATION_WINDOW_SECONDS * 1000,
      outboxWritten: () => relay.kick(),
    };
    return {
      app: buildApp({ config, logger, ctx, ready: () => mongoose.connection.readyState === 1 }),
      subscribe: (subscriber) => subscribeOrders(ctx, subscriber),
      relays: [relay],
      afterStart: () => {
        let sweeping = false;
        const timer = setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          sweepPendingOrders(ctx)
            .then((r) => {
              if (r.promoted || r.deleted) logger.warn(r, 'settled pending orders left by a crash');
            })
            .catch((err: unknown) => logger.warn({ err }, 'pending sweep failed; will retry'))
            .finally(() => {
              sweeping = false;
            });
        }, SWEEP_EVERY_MS);
        timer.unref();
        lifecycle.onStop('pending sweeper', () => clearInterval(timer));
      },
    };
  },
);
