/**
 * Commands the cluster run waits on for long (rollouts, helm, docker builds, image imports),
 * run without blocking the event loop, so a SIGINT or SIGTERM is handled at once: the handler
 * stops every command in flight (`stopInFlight`), the stage waiting on it fails, and the
 * cleanup runs. A synchronous spawn would hold the signal back until it returned, minutes later.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const inFlight = new Set<ChildProcess>();

export function runAsync(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    inFlight.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          err.push(Buffer.from(`\n(killed after ${opts.timeoutMs! / 1000} s)`));
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (e) => err.push(Buffer.from(`${cmd}: ${e.message}`)));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      inFlight.delete(child);
      resolve({
        status: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** Ends every command in flight (SIGTERM): what waits on each sees it fail. */
export function stopInFlight(): void {
  for (const child of inFlight) child.kill('SIGTERM');
}
