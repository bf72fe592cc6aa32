/**
 * Drives `docker compose` for the journey test: one project per run (unique name, free port,
 * fresh secrets), published on 127.0.0.1 only, and taken down with its volumes at the end.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@ticketing/runner';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const OUT = path.join(ROOT, 'test-output');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export interface ComposeProject {
  name: string;
  profile: string;
  port: number;
  origin: string;
  /** Jaeger's UI and query API, published on 127.0.0.1. */
  jaeger: string;
  /** Mailpit's UI and API, published on 127.0.0.1. */
  mailpit: string;
  env: NodeJS.ProcessEnv;
  compose: (...args: string[]) => Promise<RunResult>;
}

const secret = () => randomBytes(24).toString('hex');

export async function composeProject(
  profile: string,
  extraEnv: Record<string, string>,
): Promise<ComposeProject> {
  const port = await freePort();
  const jaegerPort = await freePort();
  const mailpitPort = await freePort();
  const name = `ticketing-test-${profile}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COMPOSE_PROFILES: profile,
    WEB_BIND: '127.0.0.1',
    WEB_PORT: String(port),
    JAEGER_PORT: String(jaegerPort),
    MAILPIT_PORT: String(mailpitPort),
    NODE_ENV: 'production',
    JWT_SECRET: secret(),
    DAPR_API_TOKEN: secret(),
    APP_API_TOKEN: secret(),
    STRIPE_WEBHOOK_SECRET: `whsec_${secret()}`,
    STRIPE_SECRET_KEY: '',
    STRIPE_PUBLISHABLE_KEY: '',
    ...extraEnv,
  };
  // No .env file: every setting comes from this environment (a checkout's .env is ignored).
  const compose = (...args: string[]) =>
    run('docker', ['compose', '--env-file', '/dev/null', '-p', name, ...args], env);
  return {
    name,
    profile,
    port,
    origin: `http://127.0.0.1:${port}`,
    jaeger: `http://127.0.0.1:${jaegerPort}`,
    mailpit: `http://127.0.0.1:${mailpitPort}`,
    env,
    compose,
  };
}

/** Containers, networks and volumes Docker still has for a compose project. */
export async function leftovers(project: string): Promise<string[]> {
  const filter = `label=com.docker.compose.project=${project}`;
  const kinds: [string, string[]][] = [
    ['container', ['ps', '-a', '-q', '--filter', filter]],
    ['network', ['network', 'ls', '-q', '--filter', filter]],
    ['volume', ['volume', 'ls', '-q', '--filter', filter]],
  ];
  const found: string[] = [];
  for (const [kind, args] of kinds) {
    const res = await run('docker', args, process.env);
    for (const id of res.stdout.split('\n').filter(Boolean)) found.push(`${kind} ${id}`);
  }
  return found;
}

/** Memory of every container of the project (`docker stats --no-stream`), in MiB. */
export async function memoryMiB(project: string): Promise<Record<string, number>> {
  const ps = await run(
    'docker',
    ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`],
    process.env,
  );
  const ids = ps.stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return {};
  const stats = await run(
    'docker',
    ['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}', ...ids],
    process.env,
  );
  const units: Record<string, number> = { B: 1 / 1048576, KiB: 1 / 1024, MiB: 1, GiB: 1024 };
  const out: Record<string, number> = {};
  for (const line of stats.stdout.split('\n').filter(Boolean)) {
    const [container, usage] = line.split('\t');
    const m = /^([\d.]+)\s*([KMG]?i?B)/.exec(usage ?? '');
    if (container && m) {
      const service = container.replace(`${project}-`, '').replace(/-\d+$/, '');
      out[service] = Math.round(Number(m[1]) * (units[m[2]!] ?? 1) * 10) / 10;
    }
  }
  return out;
}

export function writeReport(name: string, data: unknown) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, name), JSON.stringify(data, null, 2) + '\n');
}
