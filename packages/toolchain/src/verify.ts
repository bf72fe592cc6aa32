import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, tail } from './exec';
import { versionOf, type ToolName } from './paths';

interface VersionProbe {
  args: string[];
  /** First capture group is the version, with or without a leading `v`. */
  pattern: RegExp;
  /**
   * placement, scheduler and sentry have no version flag; they log their version as the first
   * line when they start, so we start them and kill them as soon as that line appears.
   */
  startupLog?: boolean;
}

const PROBES: Record<ToolName, VersionProbe> = {
  daprd: { args: ['--version'], pattern: /^v?(\d+\.\d+\.\d+\S*)\s*$/m },
  placement: { args: [], pattern: /-- version (\S+) --/, startupLog: true },
  scheduler: { args: [], pattern: /-- version (\S+) --/, startupLog: true },
  sentry: { args: [], pattern: /-- version (\S+) --/, startupLog: true },
  ferretdb: { args: ['--version'], pattern: /^version:\s*v?(\S+)/m },
  'nats-server': { args: ['--version'], pattern: /^nats-server: v?(\S+)/m },
  'stripe-mock': { args: ['-version'], pattern: /^stripe-mock v?(\S+)/m },
  // Prints JSON: {"gitCommit":"…","gitVersion":"v1.76.0","buildDate":"…"}.
  jaeger: { args: ['version'], pattern: /"gitVersion":\s*"v?([^"]+)"/ },
  // Without --no-release-check it would ask GitHub for a newer release.
  mailpit: { args: ['version', '--no-release-check'], pattern: /mailpit v?(\S+) compiled/ },
};

export interface Verification {
  ok: boolean;
  /** The version the binary reported, if any. */
  reported?: string;
  /** One line on what went wrong, for logs and the final error. */
  detail: string;
}

/** Runs a binary's version command and checks it reports the pinned version. */
export async function verifyBinary(tool: ToolName, bin: string): Promise<Verification> {
  const probe = PROBES[tool];
  const expected = versionOf(tool);
  // Names like `scheduler` are generic: never start a PATH binary that is not Dapr's.
  if (probe.startupLog && !fileContains(bin, 'github.com/dapr/dapr')) {
    return { ok: false, detail: `${bin} is not a Dapr binary` };
  }
  // Startup probes run in a scratch dir so nothing they create lands in the caller's cwd.
  const cwd = probe.startupLog ? mkdtempSync(path.join(tmpdir(), `${tool}-probe-`)) : undefined;
  try {
    const result = await run(bin, probe.args, {
      cwd,
      timeoutMs: 10_000,
      stopWhen: probe.startupLog ? (line) => probe.pattern.test(line) : undefined,
    });
    if (result.error) return { ok: false, detail: `${bin} did not run: ${result.error.message}` };
    const output = `${result.stdout}\n${result.stderr}`;
    const reported = probe.pattern.exec(output)?.[1];
    if (!reported) {
      const why = result.timedOut ? 'timed out' : `exited ${result.code}`;
      return { ok: false, detail: `${bin} reported no version (${why}): ${tail(output, 2)}` };
    }
    if (reported !== expected) {
      return { ok: false, reported, detail: `${bin} is version ${reported}, need ${expected}` };
    }
    return { ok: true, reported, detail: `${bin} is version ${reported}` };
  } finally {
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  }
}

/** Whether a file's bytes contain a string; reads in chunks so a 100 MB binary costs little. */
export function fileContains(file: string, needle: string): boolean {
  const want = Buffer.from(needle);
  const chunk = Buffer.alloc(1 << 20);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    let carry = Buffer.alloc(0);
    let position = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return false;
      position += read;
      const window = Buffer.concat([carry, chunk.subarray(0, read)]);
      if (window.includes(want)) return true;
      // Keep a tail so a match split across two chunks is still found.
      carry = window.subarray(Math.max(0, window.length - want.length + 1));
    }
  } finally {
    closeSync(fd);
  }
}
