import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const COLOURS = [36, 32, 35, 33, 34, 91, 92, 93, 94, 95, 96];
let nextColour = 0;

export interface OutputSink {
  /** Prefix every line with a coloured name on the console. */
  console: boolean;
  /** Also (or instead) append the lines to this file. */
  file?: string;
}

/**
 * A child process in its own process group, so stopping it also stops whatever it spawned
 * (npx -> node, for instance) and nothing is left behind.
 */
export class ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private log?: WriteStream;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    opts: { cwd: string; env: NodeJS.ProcessEnv; output: OutputSink },
  ) {
    const colour = COLOURS[nextColour++ % COLOURS.length];
    const prefix = `\x1b[${colour}m${name.padEnd(16)}|\x1b[0m `;
    this.child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (opts.output.file) this.log = createWriteStream(opts.output.file, { flags: 'a' });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        if (opts.output.console) process.stdout.write(prefix + line + '\n');
        this.log?.write(line + '\n');
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        if (opts.output.console && !this.stopping) {
          process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
        }
        this.log?.end();
        resolve(code);
      });
      this.child.once('error', (err) => {
        process.stderr.write(`${prefix}failed to start: ${err.message}\n`);
        resolve(null);
      });
    });
  }

  private stopping = false;

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
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

  /** Kills at once, as a crash would. */
  async kill(): Promise<void> {
    this.stopping = true;
    this.signal('SIGKILL');
    await this.exited;
  }
}
