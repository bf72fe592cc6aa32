import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';

const POLL_MS = 1000;
// A lock dir with no pid this long after creation was left by a process that died at birth.
const ORPHAN_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding `<dir>/.lock`, so a test setup and `npm run setup` started together do not
 * build into the same files. A lock left by a dead process is taken over.
 */
export async function withLock<T>(dir: string, log: Logger, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, '.lock');
  const owner = path.join(lock, 'pid');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number(readQuietly(owner));
    // No pid yet usually means the owner is between mkdir and write; give it a moment.
    if (pid ? !alive(pid) : ageMs(lock) > ORPHAN_MS) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log(`waiting for another setup (pid ${pid || '?'}) to finish with ${dir} …`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readQuietly(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function ageMs(dir: string): number {
  try {
    return Date.now() - statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}
