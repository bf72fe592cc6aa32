import { OutboxRelay, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadTicketsConfig } from './config';
import { ensureIndexes, TicketModel } from './data/ticket-model';
import { useOnSaleIndex } from './data/tickets';
import { subscriptions } from './events/subscriptions';

runService(
  'tickets',
  () => loadTicketsConfig(),
  async (config, { logger, publisher }) => {
    await ensureIndexes();
    if (config.LISTING_READ_MODEL === 'memory') await useOnSaleIndex();
    const relay = new OutboxRelay({ model: TicketModel, publisher, logger });
    // Drains just the ticket written, by _id: a sweep scans the whole collection on FerretDB.
    const afterWrite = (ticketId: string) => relay.kick(ticketId);
    return {
      app: buildApp({
        config,
        logger,
        ready: () => mongoose.connection.readyState === 1,
        afterWrite,
      }),
      subscribe: subscriptions({ logger, afterWrite }),
      relays: [relay],
    };
  },
);
