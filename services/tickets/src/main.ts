import { DaprStateStore, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadTicketsConfig } from './config';
import { EventModel } from './data/event-model';
import { listingLimitsIn } from './data/limit-counts';
import { migrateTicketsToEvents } from './data/migrate-events';
import { ensureIndexes, TicketModel } from './data/ticket-model';
import { useOnSaleIndex } from './data/ticket-repository';
import { finishCancellations } from './domain/cancel-event';
import type { TicketsDeps } from './domain/deps';
import { subscriptions } from './events/subscriptions';

runService('tickets', loadTicketsConfig, async (config, { logger, outbox }) => {
  await ensureIndexes();
  const eventWritten = outbox(EventModel);
  const moved = await migrateTicketsToEvents(eventWritten);
  if (moved > 0) logger.info({ moved }, 'tickets listed before events joined their events');
  if (config.LISTING_READ_MODEL === 'memory') await useOnSaleIndex();
  const deps: TicketsDeps = {
    logger,
    now: () => new Date(),
    outboxWritten: outbox(TicketModel),
    eventWritten,
    resalePriceCap: config.RESALE_PRICE_CAP,
    listingLimits: listingLimitsIn(
      new DaprStateStore({
        storeName: config.APP_STATE_NAME,
        daprHttpPort: config.DAPR_HTTP_PORT,
        daprApiToken: config.DAPR_API_TOKEN,
      }),
      config,
    ),
  };
  const takenDown = await finishCancellations(deps);
  if (takenDown > 0) logger.warn({ takenDown }, "finished taking down cancelled events' listings");
  return {
    app: buildApp({ config, logger, deps, ready: () => mongoose.connection.readyState === 1 }),
    subscribe: subscriptions(deps),
  };
});
