import { DaprStateStore, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadCommentsConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { repairThreads } from './data/repair-threads';
import { StateRateLimiter } from './data/state-rate-limiter';
import type { CommentsDeps } from './domain/deps';
import { noRateLimit } from './domain/rate-limit';
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
    rateLimiter:
      config.COMMENTS_RATE_LIMIT === 0
        ? noRateLimit
        : new StateRateLimiter(
            store,
            config.COMMENTS_RATE_LIMIT,
            config.COMMENTS_RATE_WINDOW_SECONDS * 1000,
          ),
  };
  return {
    app: buildApp({ config, logger, deps, ready: () => mongoose.connection.readyState === 1 }),
    subscribe: subscribeComments,
  };
});
