import { OutboxRelay, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadOrdersConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { OrderModel } from './data/orders';
import type { OrdersContext } from './domain/context';
import { sweepOrphanReservations } from './domain/sweep-orphan-reservations';
import { TakenTickets } from './domain/taken-tickets';
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
      // Drains just the order written, by _id: a sweep scans the whole collection on FerretDB.
      outboxWritten: (orderId) => relay.kick(orderId),
      takenTickets: new TakenTickets(),
    };
    return {
      app: buildApp({ config, logger, ctx, ready: () => mongoose.connection.readyState === 1 }),
      subscribe: (subscriber) => subscribeOrders(ctx, subscriber),
      relays: [relay],
      afterStart: () => {
        const known = new Set<string>();
        let sweeping = false;
        const timer = setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          sweepOrphanReservations(ctx, known)
            .then((r) => {
              if (r.released) logger.warn(r, 'freed tickets reserved for orders never written');
            })
            .catch((err: unknown) =>
              logger.warn({ err }, 'orphan reservation sweep failed; will retry'),
            )
            .finally(() => {
              sweeping = false;
            });
        }, SWEEP_EVERY_MS);
        timer.unref();
        lifecycle.onStop('orphan reservation sweeper', () => clearInterval(timer));
      },
    };
  },
);
