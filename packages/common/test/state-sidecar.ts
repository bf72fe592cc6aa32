import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toolPath } from '@ticketing/toolchain';

const ROOT = path.resolve(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} not ready in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** True when a Redis server can be started here for the redis profile's component. */
export const hasRedisServer = (): boolean =>
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface StateSidecar {
  httpPort: number;
  apiToken: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A real daprd (no app, no actors) with just the `appstate` component of one broker profile,
 * read from components/<profile>/appstate.yaml as `npm start` uses it. The redis profile gets a
 * redis-server of its own on a free port.
 */
export async function startStateSidecar(profile: 'nats' | 'redis'): Promise<StateSidecar> {
  const dir = mkdtempSync(path.join(tmpdir(), 'state-sidecar-'));
  const resources = path.join(dir, 'resources');
  mkdirSync(resources, { recursive: true });
  const component = readFileSync(path.join(ROOT, 'components', profile, 'appstate.yaml'), 'utf8');
  // The component is scoped to the apps that use it; this sidecar is one of them.
  writeFileSync(path.join(resources, 'appstate.yaml'), component);
  const children: ChildProcess[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, APP_STATE_DB: path.join(dir, 'appstate.db') };

  if (profile === 'redis') {
    const redisPort = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    children.push(redis);
    env.REDIS_HOST = `127.0.0.1:${redisPort}`;
    env.REDIS_DB = '0';
  }

  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const apiToken = 'state-sidecar-test-token-0123456789';
  const daprd = spawn(
    toolPath('daprd'),
    [
      '--app-id',
      'comments',
      '--dapr-http-port',
      String(httpPort),
      '--dapr-grpc-port',
      String(grpcPort),
      '--dapr-listen-addresses',
      '127.0.0.1',
      '--enable-metrics=false',
      '--resources-path',
      resources,
      '--log-level',
      'warn',
    ],
    // Quiet: a daprd that fails to come up shows as the health wait's timeout.
    { env: { ...env, DAPR_API_TOKEN: apiToken }, stdio: 'ignore' },
  );
  children.push(daprd);

  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(
      async () => (await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz`)).status === 204,
      'daprd',
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { httpPort, apiToken, stop };
}
