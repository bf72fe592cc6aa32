import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toolPath } from '@ticketing/toolchain';
import { freePort, waitForPort } from './free-port';

export interface RunningFerret {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts a FerretDB with its embedded SQLite store in a fresh temp dir on a free port. */
export async function startFerret(): Promise<RunningFerret> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferret-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    toolPath('ferretdb'),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/?_txlock=immediate&_pragma=synchronous(normal)`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForPort(port);
  return {
    url: `mongodb://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
