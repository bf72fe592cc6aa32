import { runService } from '@ticketing/common';
import mongoose from 'mongoose';
import { buildApp } from './app';
import { loadAuthConfig } from './config';
import { ensureIndexes } from './data/indexes';
import { subscribeOrderMail } from './events/order-handlers';
import { DaprEmailBinding } from './mail/dapr-email-binding';

runService('auth', loadAuthConfig, async (config, { logger, daprClient }) => {
  // Serve only once the unique indexes exist; without them duplicates could slip in.
  await ensureIndexes();
  const mailer = new DaprEmailBinding(daprClient);
  const ready = () => mongoose.connection.readyState === 1;
  return {
    app: buildApp({ config, logger, mailer, ready }),
    subscribe: (subscriber) =>
      subscribeOrderMail({ logger, mailer, now: () => new Date() }, subscriber),
  };
});
