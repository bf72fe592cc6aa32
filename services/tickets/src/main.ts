import { runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadTicketsConfig } from './config';
import { ensureIndexes, TicketModel } from './data/ticket-model';
import { useOnSaleIndex } from './data/ticket-repository';
import type { TicketsDeps } from './domain/deps';
import { subscriptions } from './events/subscriptions';

runService('tickets', loadTicketsConfig, async (config, { logger, outbox }) => {
  await ensureIndexes();
  if (config.LISTING_READ_MODEL === 'memory') await useOnSaleIndex();
  const deps: TicketsDeps = { logger, now: () => new Date(), outboxWritten: outbox(TicketModel) };
  return {
    app: buildApp({ config, logger, deps, ready: () => mongoose.connection.readyState === 1 }),
    subscribe: subscriptions(deps),
  };
});
