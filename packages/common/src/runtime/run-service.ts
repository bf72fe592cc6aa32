import { CommunicationProtocolEnum, DaprClient, DaprServer, LogLevel } from '@dapr/dapr';
import type { Express } from 'express';
import mongoose, { type Model } from 'mongoose';
import type { Logger } from 'pino';
import {
  cachedSessionVersions,
  sidecarSessionVersions,
  useSessionVersions,
} from '../auth/session-versions';
import type { CommonEnv } from '../config/common-env';
import { connectMongo } from '../data/mongo';
import { OutboxRelay } from '../data/outbox';
import type { EventPublisher, EventSubscriber } from '../events/bus';
import { DaprEventPublisher, DaprEventSubscriber } from '../events/dapr-bus';
import { createLogger } from '../http/logger';
import { Lifecycle } from './lifecycle';
import { every } from './periodic';

/** Names a document whose outbox was just written, so the relay publishes it now. */
export type OutboxKick = (id: string) => void;

/**
 * What every service's use cases get from their surroundings. A service extends it with what is
 * truly its own (a gateway, a window); tests build one with testkit's clock and a recorded kick.
 */
export interface ServiceDeps {
  logger: Logger;
  /** The time source: tests move it. */
  now(): Date;
  /** Called with the id of each document whose outbox a use case wrote. */
  outboxWritten: OutboxKick;
}

export interface ServiceContext {
  logger: Logger;
  lifecycle: Lifecycle;
  publisher: EventPublisher;
  /** For Dapr building blocks beyond pub/sub (actors, invocation); keep it out of domain code. */
  daprClient: DaprClient;
  /**
   * An outbox relay on the model, started once the service listens and stopped on shutdown;
   * returns its kick (drains just the document named, by `_id`).
   */
  // Any aggregate model with an `outbox` array; the relay reads nothing else of it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  outbox(model: Model<any>): OutboxKick;
  /** A periodic job: every `ms` once the service listens, never overlapping, stopped on shutdown. */
  every(name: string, ms: number, job: () => Promise<unknown>): void;
}

export interface ServiceParts {
  app: Express;
  /** Registers the topic handlers. */
  subscribe?: (subscriber: EventSubscriber) => Promise<void>;
  /** Registers actor types on the Dapr server (expiration). */
  actors?: (server: DaprServer) => Promise<void>;
}

/** A service's settings; MONGO_URL may be absent only for an app without a database. */
type ServiceEnv = Omit<CommonEnv, 'MONGO_URL' | 'MONGO_WRITE_LOCKS'> & {
  MONGO_URL?: string;
  MONGO_WRITE_LOCKS?: boolean;
};

/**
 * The start-up every service shares: logger, graceful shutdown, MongoDB (when the service has a
 * database), the sidecar client, the service's own parts, then listen through the Dapr server,
 * then its outbox relays and periodic jobs. Fails fast on any error.
 */
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
      await connectMongo(config.MONGO_URL, {
        poolSize: config.MONGO_POOL_SIZE,
        writeLocks: config.MONGO_WRITE_LOCKS ?? true,
      });
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
    // Sessions are checked against auth's current version, cached briefly (decision 011).
    useSessionVersions(
      cachedSessionVersions(sidecarSessionVersions(daprClient), {
        ttlMs: config.SESSION_CHECK_CACHE_MS,
      }),
    );
    // Relays and jobs start once the server listens, as the last step of a good start.
    const afterListen: (() => void)[] = [];
    const ctx: ServiceContext = {
      logger,
      lifecycle,
      publisher,
      daprClient,
      outbox(model) {
        const relay = new OutboxRelay({ model, publisher, logger });
        afterListen.push(() => {
          relay.start();
          lifecycle.onStop(`outbox relay (${model.collection.name})`, () => relay.stop());
        });
        return (id) => relay.kick(id);
      },
      every(jobName, ms, job) {
        afterListen.push(() => {
          const periodic = every(jobName, ms, job, logger);
          lifecycle.onStop(jobName, () => periodic.stop());
        });
      },
    };
    const parts = await build(config, ctx);

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
    for (const begin of afterListen) begin();
    logger.info({ port: config.APP_PORT }, `${name} listening`);
  };
  start().catch((err: unknown) => {
    // The logger may not exist yet (bad config), so say it plainly on stderr.
    console.error(`${name} failed to start:`, err);
    process.exit(1);
  });
}
