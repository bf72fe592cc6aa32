import { CommunicationProtocolEnum, DaprClient, DaprServer, LogLevel } from '@dapr/dapr';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { DaprEventPublisher, DaprEventSubscriber } from '../events/dapr-bus';

export interface DaprRuntimeOptions {
  app: Express;
  appPort: number;
  daprHttpPort: number;
  pubsubName: string;
  logger: Logger;
}

/**
 * The service's link to its sidecar. The app is handed to the SDK's server, which adds the
 * subscription and actor routes and then listens on `appPort`.
 */
export function createDaprRuntime(opts: DaprRuntimeOptions) {
  const clientOptions = {
    daprHost: '127.0.0.1',
    daprPort: String(opts.daprHttpPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    logger: { level: LogLevel.Warn },
  };
  const client = new DaprClient(clientOptions);
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: String(opts.appPort),
    serverHttp: opts.app,
    clientOptions,
    logger: { level: LogLevel.Warn },
  });
  return {
    client,
    server,
    publisher: new DaprEventPublisher(client, opts.pubsubName),
    subscriber: new DaprEventSubscriber(server, opts.pubsubName, opts.logger),
    /** Listens on the app port without waiting for the sidecar (the sidecar waits for us). */
    async start(): Promise<void> {
      await server.start();
    },
    async stop(): Promise<void> {
      await server.stop();
    },
  };
}
export type DaprRuntime = ReturnType<typeof createDaprRuntime>;
