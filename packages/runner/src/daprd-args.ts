import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { ServiceSpec } from './spec';

export interface SidecarPlan {
  appId: string;
  appPort: number;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  placementPort: number;
  schedulerPort: number;
  /** The profile's components folder and the shared resources. */
  resourcePaths: string[];
  configFile: string;
  logLevel: string;
  health: ServiceSpec['health'];
  /** Workload certificates from this sentry (trust anchors in DAPR_TRUST_ANCHORS). */
  mtls?: { sentryAddress: string };
  /** tye.yaml's `dapr.maxConcurrency`. */
  maxConcurrency: number;
}

/** daprd's command line for one app: everything on loopback, health checked through the app. */
export function daprdArgs(p: SidecarPlan): string[] {
  return [
    '--app-id',
    p.appId,
    '--app-port',
    String(p.appPort),
    '--app-protocol',
    'http',
    '--app-channel-address',
    '127.0.0.1',
    '--dapr-listen-addresses',
    '127.0.0.1',
    '--dapr-http-port',
    String(p.httpPort),
    '--dapr-grpc-port',
    String(p.grpcPort),
    '--dapr-internal-grpc-port',
    String(p.internalGrpcPort),
    // Its default is every interface.
    '--dapr-internal-grpc-listen-address',
    '127.0.0.1',
    ...(p.mtls
      ? [
          '--enable-mtls',
          '--sentry-address',
          p.mtls.sentryAddress,
          // Sentry's defaults, stated so a stray DAPR_CONTROLPLANE_* in the environment is moot.
          '--control-plane-trust-domain',
          'localhost',
          '--control-plane-namespace',
          'default',
        ]
      : []),
    '--enable-metrics=false',
    '--dapr-graceful-shutdown-seconds',
    '5',
    '--placement-host-address',
    `127.0.0.1:${p.placementPort}`,
    '--scheduler-host-address',
    `127.0.0.1:${p.schedulerPort}`,
    ...p.resourcePaths.flatMap((r) => ['--resources-path', r]),
    '--config',
    p.configFile,
    '--log-level',
    p.logLevel,
    '--enable-app-health-check',
    '--app-health-check-path',
    p.health && 'http' in p.health ? p.health.http : '/healthz',
    // A probe should fail only when the app is really gone, because an unhealthy app loses
    // every subscription and its in-flight deliveries are cancelled: a busy app then falls
    // further behind instead of catching up. A dead app refuses the connection at once, so a
    // long timeout costs nothing there; what it tolerates is a live event loop answering late
    // under CPU starvation (a 2-core machine at load 18 took more than daprd's default 500 ms
    // and stopped a bench's sale). daprd caps the timeout at the interval, so: probe every
    // second (start-up waits for the first success), allow the whole second, and call the app
    // gone after 10 misses in a row, i.e. ~10 s refused or 10-20 s hung.
    '--app-health-probe-interval',
    '1',
    '--app-health-probe-timeout',
    '1000',
    '--app-health-threshold',
    '10',
    // The probe waits in the app's own queue, so a flood of requests from the sidecar (a
    // thousand reminders falling due at once, a replayed topic) made it late ten times in a
    // row: the app was marked unhealthy, its actor type unregistered, and every reminder failed
    // and was retried in a loop (bench/lag.ts: 540,000 "actor type not registered" in 15 min).
    // daprd's own probe skips this limit, so it never queues behind more than 128 calls; the
    // rest wait in daprd. 32 also held the probe, but starved a spread sale (20 holds/s -> 14):
    // the reservations wait on the store and share the slots with the app's event deliveries.
    // So 128, and 32 for expiration, whose calls are reminders and events, never a buyer
    // waiting: at 128 its probe still missed 10 in a row while 1,000 reminders fell due
    // (41,593 reminder failures in 9 min). tye.yaml sets them.
    '--app-max-concurrency',
    String(p.maxConcurrency),
  ];
}

/**
 * How often each sidecar renews its row in the name-resolution file, and for how long a row
 * counts. Dapr's SQLite resolver (components-contrib 1.18 `nameresolution/sqlite`) stores
 * `last_update` in whole seconds, renews every `updateInterval - timeout`, and answers an app
 * only while `now - last_update < updateInterval`, both in whole seconds. A row written at
 * X.99 s is stored as X, so it lapses at X + updateInterval, and the renewal due
 * `updateInterval - timeout` after X.99 must land within `timeout - 1 s` of its tick. With the
 * old 2 s and the default 1 s timeout that slack was zero: under load a renewal a few ms late
 * left an app unresolvable ("no host found with the given ID", a 502 at the origin) once a
 * cycle. 6 s and 4 s renew every 2 s and tolerate a renewal 3 s late; a killed app's row
 * lingers at most 6 s, and a restarted one comes back on the same address.
 */
export const NAME_RESOLUTION_TIMING = { updateInterval: '6s', timeout: '4s' } as const;

/**
 * Writes a sidecar Configuration (dapr/config.yaml, or an app's own under mTLS) plus name
 * resolution through a SQLite file of this run into the data dir, and returns its path.
 * Dapr's default (mDNS) finds apps of every stack on the machine by app id, so a test stack
 * and `npm start` would answer each other's calls.
 */
export function writeSidecarConfig(root: string, configFile: string, dataDir: string): string {
  const file = path.join(dataDir, `dapr-${path.basename(configFile)}`);
  const config = parseYaml(readFileSync(path.join(root, configFile), 'utf8'));
  config.spec = {
    ...config.spec,
    nameResolution: {
      component: 'sqlite',
      version: 'v1',
      configuration: {
        connectionString: path.join(dataDir, 'nameresolution.db'),
        ...NAME_RESOLUTION_TIMING,
      },
    },
  };
  writeFileSync(file, stringifyYaml(config));
  return file;
}
