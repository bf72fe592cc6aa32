import { DaprStateStore, runService, stateRateLimiter } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadCommentsConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { repairThreads } from './data/repair-threads';
import type { CommentsDeps } from './domain/deps';
import { subscribeComments } from './events/handlers';

runService('comments', loadCommentsConfig, async (config, { logger }) => {
  await ensureIndexes();
  const repaired = await repairThreads(new Date());
  if (repaired.threads > 0) logger.warn(repaired, 'comment threads repaired or migrated');
  const store = new DaprStateStore({
    storeName: config.STATE_STORE_NAME,
    daprHttpPort: config.DAPR_HTTP_PORT,
    daprApiToken: config.DAPR_API_TOKEN,
  });
  const deps: CommentsDeps = {
    logger,
    now: () => new Date(),
    rateLimiter: stateRateLimiter(store, {
      limit: config.COMMENTS_RATE_LIMIT,
      windowSeconds: config.COMMENTS_RATE_WINDOW_SECONDS,
      name: 'comment-writes',
    }),
  };
  return {
    app: buildApp({ config, logger, deps, ready: () => mongoose.connection.readyState === 1 }),
    subscribe: subscribeComments,
  };
});
