import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called for each complete output line, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Return true to stop the process early (it gets SIGKILL); the result then has `stopped`. */
  stopWhen?: (line: string) => boolean;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not start at all (e.g. ENOENT). */
  error?: Error;
  timedOut: boolean;
  stopped: boolean;
}

// Keeps memory bounded when a build prints thousands of lines.
const MAX_CAPTURE = 256 * 1024;

/** Runs a command without a shell, capturing and optionally streaming its output by line. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    let timedOut = false;
    let stopped = false;
    let spawnError: Error | undefined;

    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, opts.timeoutMs);

    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (out[stream].length < MAX_CAPTURE) out[stream] += text;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) emit(line, stream);
    };
    const emit = (line: string, stream: 'stdout' | 'stderr') => {
      opts.onLine?.(line, stream);
      if (!stopped && opts.stopWhen?.(line)) {
        stopped = true;
        child.kill('SIGKILL');
      }
    };

    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream]) emit(partial[stream], stream);
      }
      resolve({ code, ...out, error: spawnError, timedOut, stopped });
    });
  });
}

/** The last non-empty lines of a command's output, for error messages. */
export function tail(text: string, lines = 5): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-lines)
    .join('\n');
}
