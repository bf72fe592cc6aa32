import { CommunicationProtocolEnum, DaprClient, DaprServer, LogLevel } from '@dapr/dapr';
import type { Express } from 'express';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { CommonEnv } from '../config/common-env';
import { connectMongo } from '../data/mongo';
import type { OutboxRelay } from '../data/outbox';
import type { EventPublisher, EventSubscriber } from '../events/bus';
import { DaprEventPublisher, DaprEventSubscriber } from '../events/dapr-bus';
import { createLogger } from '../http/logger';
import { Lifecycle } from './lifecycle';

export interface ServiceContext {
  logger: Logger;
  lifecycle: Lifecycle;
  publisher: EventPublisher;
  /** For Dapr building blocks beyond pub/sub (actors, invocation); keep it out of domain code. */
  daprClient: DaprClient;
}

export interface ServiceParts {
  app: Express;
  /** Registers the topic handlers. */
  subscribe?: (subscriber: EventSubscriber) => Promise<void>;
  /** Outbox relays to run while the service is up. */
  relays?: OutboxRelay[];
  /** Registers actor types on the Dapr server (expiration). */
  actors?: (server: DaprServer) => Promise<void>;
  /** Runs after the server listens (sweepers, timers). */
  afterStart?: () => Promise<void> | void;
}

/**
 * The start-up every service shares: logger, graceful shutdown, MongoDB (when the service has a
 * database), the sidecar client,
 * the service's own parts, then listen through the Dapr server. Fails fast on any error.
 */
/** A service's settings; MONGO_URL may be absent only for an app without a database. */
type ServiceEnv = Omit<CommonEnv, 'MONGO_URL'> & { MONGO_URL?: string };

export function runService<C extends ServiceEnv>(
  name: string,
  loadConfig: () => C,
  build: (config: C, ctx: ServiceContext) => Promise<ServiceParts>,
): void {
  const start = async () => {
    const config = loadConfig();
    const logger = createLogger(name);
    const lifecycle = new Lifecycle(logger);
    lifecycle.handleSignals();

    if (config.MONGO_URL) {
      await connectMongo(config.MONGO_URL, config.MONGO_POOL_SIZE);
      lifecycle.onStop('mongo', () => mongoose.disconnect());
    }

    const clientOptions = {
      daprHost: '127.0.0.1',
      daprPort: String(config.DAPR_HTTP_PORT),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      logger: { level: LogLevel.Warn },
    };
    const daprClient = new DaprClient(clientOptions);
    const publisher = new DaprEventPublisher(daprClient, config.PUBSUB_NAME);
    const parts = await build(config, { logger, lifecycle, publisher, daprClient });

    // The SDK calls app.listen(port), which binds every interface; only the sidecar (on the
    // same host or pod) may reach the app.
    const listen = parts.app.listen.bind(parts.app) as (...args: unknown[]) => unknown;
    (parts.app as unknown as { listen: (...args: unknown[]) => unknown }).listen = (
      port,
      ...rest
    ) => {
      const httpServer = listen(port, config.APP_HOST, ...rest) as import('node:http').Server;
      // The sidecar keeps its connections to the app open and reuses them; Node's 5 s default
      // would close them under it between bursts.
      httpServer.keepAliveTimeout = 65_000;
      return httpServer;
    };
    const server = new DaprServer({
      serverHost: '127.0.0.1',
      serverPort: String(config.APP_PORT),
      serverHttp: parts.app,
      clientOptions,
      logger: { level: LogLevel.Warn },
    });
    if (parts.actors) await parts.actors(server);
    if (parts.subscribe)
      await parts.subscribe(new DaprEventSubscriber(server, config.PUBSUB_NAME, logger));
    await server.start();
    lifecycle.onStop('dapr server', () => server.stop());
    for (const relay of parts.relays ?? []) {
      relay.start();
      lifecycle.onStop('outbox relay', () => relay.stop());
    }
    await parts.afterStart?.();
    logger.info({ port: config.APP_PORT }, `${name} listening`);
  };
  start().catch((err: unknown) => {
    // The logger may not exist yet (bad config), so say it plainly on stderr.
    console.error(`${name} failed to start:`, err);
    process.exit(1);
  });
}
