import { runService } from '@ticketing/common';
import { DaprReminderScheduler } from './actors/dapr-reminder-scheduler';
import { setOrderExpirationDeps } from './actors/order-expiration-actor';
import { registerActors } from './actors/register-actors';
import { buildApp } from './app';
import { loadExpirationConfig } from './config';
import { subscribeOrderEvents } from './events/order-handlers';

runService(
  'expiration',
  loadExpirationConfig,
  async (config, { logger, publisher, daprClient }) => {
    const scheduler = new DaprReminderScheduler(daprClient, {
      periodSeconds: config.EXPIRATION_REMINDER_PERIOD_SECONDS,
      ttlSeconds: config.EXPIRATION_REMINDER_TTL_SECONDS,
    });
    // The SDK constructs the actors, so they get the publisher here, before the server starts.
    setOrderExpirationDeps({ publisher, logger });
    return {
      app: buildApp({ config, logger }),
      actors: registerActors,
      subscribe: (subscriber) => subscribeOrderEvents(subscriber, { scheduler, logger }),
    };
  },
);
