import { DaprStateStore, runService, stateRateLimiter } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadCommentsConfig } from './config';
import { ensureIndexes } from './data/indexes';
import type { CommentsDeps } from './domain/deps';
import { subscribeComments } from './events/handlers';

runService('comments', loadCommentsConfig, async (config, { logger }) => {
  await ensureIndexes();
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
