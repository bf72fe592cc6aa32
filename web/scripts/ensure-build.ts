/**
 * Makes sure the production build of the web app (`web/.next`) exists and is newer than every
 * source it is made from; runs `next build` otherwise, printing its progress. Used by the web
 * app's own start (server/main.ts), by the browser tests' global setup, and by `npm run build -w web`.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export const WEB_DIR = path.resolve(__dirname, '..');
const BUILD_ID = path.join(WEB_DIR, '.next', 'BUILD_ID');
const LOCK = path.join(WEB_DIR, '.next-build.lock');

/** Files and folders whose change calls for a new build. */
const SOURCES = [
  'src',
  'server/upstream.ts',
  'server/https.ts',
  'next.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'package.json',
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why a build is needed, or undefined when the one on disk is current. */
export function buildStaleReason(): string | undefined {
  if (!existsSync(BUILD_ID)) return 'no build yet';
  const built = statSync(BUILD_ID).mtimeMs;
  const changed = SOURCES.find((s) => newestMtime(path.join(WEB_DIR, s)) > built);
  return changed ? `${changed} changed since the last build` : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One build at a time per checkout: a second caller waits for the first one's result. */
async function withLock<T>(fn: () => Promise<T>, log: (line: string) => void): Promise<T> {
  for (let waited = false; ;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      let owner = 0;
      try {
        owner = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'));
      } catch {
        // the owner has not written its pid yet
      }
      if (owner && !alive(owner)) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (!waited) log('web: another build of the web app is running; waiting for it');
      waited = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function runNextBuild(log: (line: string) => void): Promise<void> {
  const nextBin = require.resolve('next/dist/bin/next', { paths: [WEB_DIR] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: WEB_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) log(`web build: ${line}`);
      });
    }
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`)),
    );
  });
}

export interface EnsureBuildOptions {
  force?: boolean;
  log?: (line: string) => void;
}

/** Builds the web app when its build is missing or stale; returns whether it built. */
export async function ensureWebBuild(opts: EnsureBuildOptions = {}): Promise<boolean> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const reason = opts.force ? 'asked to' : buildStaleReason();
  if (!reason) return false;
  return withLock(async () => {
    // Someone else may have built it while we waited for the lock.
    const still = opts.force ? reason : buildStaleReason();
    if (!still) return false;
    const started = Date.now();
    log(`web: building the web app (${still}); this takes a minute on first start…`);
    await runNextBuild(log);
    log(`web: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  }, log);
}

if (require.main === module) {
  ensureWebBuild({ force: process.argv.includes('--force') }).then(
    (built) => {
      if (!built) process.stdout.write('web: the build is up to date\n');
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
