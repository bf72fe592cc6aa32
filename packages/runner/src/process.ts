import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatRecord } from './log-format';

const COLOURS = [36, 32, 35, 33, 34, 91, 92, 93, 94, 95, 96];
let nextColour = 0;

export interface OutputSink {
  /** Print every line on the console, behind the process's coloured name. */
  console: boolean;
  /** On the console, the raw lines (`npm start -- --json`) rather than readable ones. */
  json?: boolean;
  /** Also append the raw lines to this file. */
  file?: string;
  /** Sees every raw line (the dashboard's log tail). */
  onLine?: (line: string) => void;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the runner asked for it (stop, kill); false for a crash. */
  expected: boolean;
}

/** `exit code 1` or `SIGKILL`, for logs and the dashboard. */
export function describeExit(e: Pick<ExitInfo, 'code' | 'signal'>): string {
  return e.signal ?? (e.code === null ? 'failed to start' : `exit code ${e.code}`);
}

/** The coloured `name |` prefix of a process's console lines. */
export function namePrefix(name: string): string {
  const colour = COLOURS[nextColour++ % COLOURS.length];
  return `\x1b[${colour}m${name.padEnd(16)}|\x1b[0m `;
}

/**
 * A child process in its own process group, so stopping it also stops whatever it spawned
 * (npx -> node, for instance) and nothing is left behind.
 */
export class ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  readonly startedAt = Date.now();
  private log?: WriteStream;
  private stopping = false;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    opts: {
      cwd: string;
      env: NodeJS.ProcessEnv;
      output: OutputSink;
      prefix?: string;
      onExit?: (info: ExitInfo) => void;
    },
  ) {
    const prefix = opts.prefix ?? namePrefix(name);
    const { output } = opts;
    this.child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (output.file) this.log = createWriteStream(output.file, { flags: 'a' });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        if (output.console) {
          process.stdout.write(prefix + (output.json ? line : formatRecord(line)) + '\n');
        }
        this.log?.write(line + '\n');
        output.onLine?.(line);
      });
    }
    this.exited = new Promise((resolve) => {
      let reported = false;
      const done = (info: Omit<ExitInfo, 'expected'>) => {
        if (reported) return;
        reported = true;
        const exit = { ...info, expected: this.stopping };
        if (output.console && !exit.expected) {
          process.stdout.write(`${prefix}exited (${describeExit(exit)})\n`);
        }
        this.log?.end();
        resolve(exit);
        opts.onExit?.(exit);
      };
      this.child.once('exit', (code, signal) => done({ code, signal }));
      this.child.once('error', (err) => {
        process.stderr.write(`${prefix}failed to start: ${err.message}\n`);
        done({ code: null, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return (
      this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  private signal(sig: NodeJS.Signals): void {
    if (!this.child.pid) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      // the group is already gone
    }
  }

  /** SIGTERM, then SIGKILL if the group has not exited within the grace period. */
  async stop(graceMs = 8000): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.signal('SIGKILL'); // stragglers in the group
  }

  /**
   * Kills the whole group at once, as a crash would (but the runner knows it asked for it), and
   * waits until the group is gone: a server's workers outlive their leader for a moment, and a
   * restart must not meet them on its port or data dir.
   */
  async kill(): Promise<void> {
    this.stopping = true;
    this.signal('SIGKILL');
    await this.exited;
    await this.groupGone(5000);
  }

  private async groupGone(timeoutMs: number): Promise<void> {
    if (!this.child.pid) return;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        process.kill(-this.child.pid, 0);
      } catch {
        return; // no process left in the group
      }
      this.signal('SIGKILL');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
