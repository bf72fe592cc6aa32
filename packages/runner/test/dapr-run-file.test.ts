/**
 * dapr/dapr.yaml is the Dapr CLI's Multi-App Run template (`dapr run -f dapr`). Nobody runs it
 * in CI (the CLI cannot be had here), so this test holds it to the CLI's format and to tye.yaml,
 * which the runner and every other test do run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadSpec, type ServiceSpec } from '../src';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUN_FILE = path.join(ROOT, 'dapr', 'dapr.yaml');
const BASE = path.dirname(RUN_FILE);

// The yaml keys of the CLI's RunFileConfig, SharedRunConfig and RunConfig (dapr/cli,
// pkg/runfileconfig and pkg/standalone/run.go); anything else the CLI silently ignores.
const SHARED_KEYS = [
  'configFilePath',
  'appProtocol',
  'apiListenAddresses',
  'enableProfiling',
  'logLevel',
  'appMaxConcurrency',
  'placementHostAddress',
  'resourcesPath',
  'resourcesPaths',
  'appSSL',
  'maxBodySize',
  'readBufferSize',
  'enableAppHealthCheck',
  'appHealthCheckPath',
  'appHealthProbeInterval',
  'appHealthProbeTimeout',
  'appHealthThreshold',
  'enableApiLogging',
  'runtimePath',
  'env',
  'daprdLogDestination',
  'appLogDestination',
  'schedulerHostAddress',
];
const APP_KEYS = [
  ...SHARED_KEYS,
  'appID',
  'appChannelAddress',
  'appPort',
  'daprHTTPPort',
  'daprGRPCPort',
  'profilePort',
  'command',
  'metricsPort',
  'unixDomainSocket',
  'daprInternalGRPCPort',
  'appDirPath',
  'containerImage',
  'containerImagePullPolicy',
  'createService',
];
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|_KEY)$/;

interface RunApp {
  appID: string;
  appDirPath: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  command: string[];
  appHealthCheckPath?: string;
  env?: Record<string, string>;
  [key: string]: unknown;
}
interface RunFile {
  version: number;
  common: Record<string, unknown> & {
    resourcesPaths: string[];
    configFilePath: string;
    appHealthCheckPath: string;
    env: Record<string, string>;
  };
  apps: RunApp[];
  [key: string]: unknown;
}

const runFile = parse(readFileSync(RUN_FILE, 'utf8')) as RunFile;
const spec = loadSpec(path.join(ROOT, 'tye.yaml'));
/** The apps `npm start` runs beside a sidecar (test fixtures excluded). */
const tyeApps = spec.services.filter((s) => s.dapr && !s.optional);

const healthPath = (s: ServiceSpec) =>
  s.health && 'http' in s.health ? s.health.http : '/healthz';

describe('dapr/dapr.yaml (Multi-App Run template)', () => {
  it('when read as the CLI reads it, then it has a version and only keys the CLI knows', () => {
    expect(runFile.version).toBe(1);
    expect(
      Object.keys(runFile).filter((k) => !['version', 'common', 'apps', 'name'].includes(k)),
    ).toEqual([]);
    expect(Object.keys(runFile.common).filter((k) => !SHARED_KEYS.includes(k))).toEqual([]);
    for (const app of runFile.apps) {
      expect({
        app: app.appID,
        unknown: Object.keys(app).filter((k) => !APP_KEYS.includes(k)),
      }).toEqual({ app: app.appID, unknown: [] });
    }
  });

  it('when compared with tye.yaml, then it runs the same apps on the same ports', () => {
    expect(runFile.apps.map((a) => a.appID).sort()).toEqual(
      tyeApps.map((s) => s.dapr!.appId).sort(),
    );
    for (const s of tyeApps) {
      const app = runFile.apps.find((a) => a.appID === s.dapr!.appId)!;
      expect({
        app: app.appID,
        appPort: app.appPort,
        daprHTTPPort: app.daprHTTPPort,
        daprGRPCPort: app.daprGRPCPort,
        health: app.appHealthCheckPath ?? runFile.common.appHealthCheckPath,
        maxConcurrency: app.appMaxConcurrency ?? runFile.common.appMaxConcurrency,
      }).toEqual({
        app: s.dapr!.appId,
        appPort: s.bindings[0]!.port,
        daprHTTPPort: s.dapr!.httpPort,
        daprGRPCPort: s.dapr!.grpcPort,
        health: healthPath(s),
        maxConcurrency: s.dapr!.maxConcurrency,
      });
    }
  });

  it('when an app is started, then its command runs the same entry file as tye.yaml, and it exists', () => {
    for (const s of tyeApps) {
      const app = runFile.apps.find((a) => a.appID === s.dapr!.appId)!;
      const dir = path.resolve(BASE, app.appDirPath);
      expect(existsSync(dir)).toBe(true);
      const tyeCommand = s.command!;
      // Same runtime and flags; the entry is relative to appDirPath instead of the repo root.
      expect(app.command.slice(0, -1)).toEqual(tyeCommand.slice(0, -1));
      const entry = path.resolve(dir, app.command.at(-1)!);
      expect(path.relative(ROOT, entry)).toBe(tyeCommand.at(-1));
      expect(existsSync(entry)).toBe(true);
    }
  });

  it('when resources and config are loaded, then every path exists and the default profile is used', () => {
    for (const p of runFile.common.resourcesPaths) {
      expect(existsSync(path.resolve(BASE, p))).toBe(true);
    }
    const profile = Object.entries(spec.profiles).find(([, p]) => p.default)!;
    const resolved = runFile.common.resourcesPaths.map((p) => path.resolve(BASE, p));
    expect(resolved).toContain(path.resolve(ROOT, profile[1].components));
    for (const r of spec.dapr.resources) expect(resolved).toContain(path.resolve(ROOT, r));
  });

  it("when a sidecar loads its configuration, then it is the app's own from tye.yaml (its accessControl)", () => {
    for (const s of tyeApps) {
      const app = runFile.apps.find((a) => a.appID === s.dapr!.appId)!;
      const file = (app.configFilePath as string | undefined) ?? runFile.common.configFilePath;
      expect({ app: app.appID, config: path.relative(ROOT, path.resolve(BASE, file)) }).toEqual({
        app: app.appID,
        config: s.dapr!.config ?? spec.dapr.config,
      });
      expect(existsSync(path.resolve(BASE, file))).toBe(true);
    }
  });

  it('when the components read env through envRef, then the run file sets each of those variables', () => {
    const profile = Object.values(spec.profiles).find((p) => p.default)!;
    const dir = path.join(ROOT, profile.components);
    const refs = new Set<string>();
    for (const file of ['pubsub.yaml', 'statestore.yaml']) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/envRef:\s*(\w+)/g)) refs.add(m[1]!);
    }
    expect(refs.size).toBeGreaterThan(0);
    for (const name of refs) expect(Object.keys(runFile.common.env)).toContain(name);
  });

  it('when each app gets its database, then MONGO_URL names the same database as tye.yaml', () => {
    for (const s of tyeApps.filter((t) => t.env.MONGO_URL)) {
      const app = runFile.apps.find((a) => a.appID === s.dapr!.appId)!;
      const db = (url: string) => url.split('/').at(-1);
      expect({ app: app.appID, db: db(app.env!.MONGO_URL!) }).toEqual({
        app: app.appID,
        db: db(s.env.MONGO_URL!),
      });
    }
  });

  it('when it is committed, then it holds no secret: secrets come from the environment', () => {
    const envs = [runFile.common.env, ...runFile.apps.map((a) => a.env ?? {})];
    const secrets = envs.flatMap((env) => Object.keys(env).filter((k) => SECRET_NAME.test(k)));
    expect(secrets).toEqual([]);
  });
});
