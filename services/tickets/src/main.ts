import { OutboxRelay, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadTicketsConfig } from './config';
import { ensureIndexes } from './data/ticket-model';
import { ticketModelForRelay } from './data/relay-model';
import { subscriptions } from './events/subscriptions';

runService(
  'tickets',
  () => loadTicketsConfig(),
  async (config, { logger, publisher }) => {
    await ensureIndexes();
    const relay = new OutboxRelay({ model: ticketModelForRelay(), publisher, logger });
    const afterWrite = () => relay.kick();
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
