import { DaprStateStore, runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadAuthConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { signupLimiterIn } from './data/limit-counts';
import { subscribeOrderMail } from './events/order-handlers';
import { DaprEmailBinding } from './mail/dapr-email-binding';

runService('auth', loadAuthConfig, async (config, { logger, daprClient }) => {
  // Serve only once the unique indexes exist; without them duplicates could slip in.
  await ensureIndexes();
  const mailer = new DaprEmailBinding(daprClient);
  const ready = () => mongoose.connection.readyState === 1;
  const signupLimiter = signupLimiterIn(
    new DaprStateStore({
      storeName: config.APP_STATE_NAME,
      daprHttpPort: config.DAPR_HTTP_PORT,
      daprApiToken: config.DAPR_API_TOKEN,
    }),
    config,
  );
  return {
    app: buildApp({ config, logger, mailer, ready, signupLimiter }),
    subscribe: (subscriber) =>
      subscribeOrderMail({ logger, mailer, now: () => new Date() }, subscriber),
  };
});
