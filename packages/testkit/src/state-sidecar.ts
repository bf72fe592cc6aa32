import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './free-port';
import { toolPath } from '@ticketing/toolchain';

const ROOT = path.resolve(__dirname, '../../..');

export interface StateSidecar {
  /** The sidecar's HTTP API. */
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * A real daprd for one app (no app behind it) with the `appstate` component of the nats profile
 * (SQLite in a temp dir): what route tests need to keep notifications or rate-limit counts
 * through the state API. The app id must be in the component's scopes.
 */
export async function startStateSidecar(appId = 'orders'): Promise<StateSidecar> {
  const dir = mkdtempSync(path.join(tmpdir(), `${appId}-state-`));
  const resources = path.join(dir, 'resources');
  mkdirSync(resources);
  writeFileSync(
    path.join(resources, 'appstate.yaml'),
    readFileSync(path.join(ROOT, 'components/nats/appstate.yaml')),
  );
  // Names resolve through a file of this run (the default, mDNS, would reach the network).
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'apiVersion: dapr.io/v1alpha1',
      'kind: Configuration',
      `metadata: { name: ${appId}-state-test }`,
      'spec:',
      '  metric: { enabled: false }',
      '  nameResolution:',
      '    component: sqlite',
      '    version: v1',
      `    configuration: { connectionString: '${path.join(dir, 'names.db')}' }`,
    ].join('\n'),
  );
  const [http, grpc] = [await freePort(), await freePort()];
  const token = 'state-sidecar-test-token-0123456789';
  const child: ChildProcess = spawn(
    toolPath('daprd'),
    [
      '--app-id',
      appId,
      '--dapr-listen-addresses',
      '127.0.0.1',
      '--dapr-http-port',
      String(http),
      '--dapr-grpc-port',
      String(grpc),
      '--enable-metrics=false',
      '--resources-path',
      resources,
      '--config',
      config,
      '--log-level',
      'warn',
    ],
    {
      env: { ...process.env, APP_STATE_DB: path.join(dir, 'appstate.db'), DAPR_API_TOKEN: token },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${http}`;
  try {
    await waitForPort(http, 60_000);
    // Ready once its components loaded.
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${url}/v1.0/healthz/outbound`).catch(() => undefined);
      if (res && res.status < 300) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`daprd did not start: ${String(err)}\n${stderr}`);
  }
  return {
    url,
    token,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      child.stderr?.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
