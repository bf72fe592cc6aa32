import { runService } from '@ticketing/common';
import { DaprReminderScheduler } from './actors/dapr-reminder-scheduler';
import { registerActors } from './actors/register-actors';
import { buildApp } from './app';
import { loadExpirationConfig } from './config';
import { RecentPublishes } from './domain/recent-publishes';
import { subscribeOrderEvents } from './events/order-handlers';

runService(
  'expiration',
  loadExpirationConfig,
  async (config, { logger, publisher, daprClient }) => {
    const scheduler = new DaprReminderScheduler(daprClient, {
      periodSeconds: config.EXPIRATION_REMINDER_PERIOD_SECONDS,
      ttlSeconds: config.EXPIRATION_REMINDER_TTL_SECONDS,
    });
    const recent = new RecentPublishes(config.EXPIRATION_REPUBLISH_AFTER_SECONDS * 1000);
    return {
      app: buildApp({ config, logger }),
      actors: registerActors({ publisher, logger, recent, reminders: scheduler }),
      subscribe: (subscriber) => subscribeOrderEvents(subscriber, { scheduler, logger, recent }),
    };
  },
);
