import { createWriteStream } from 'node:fs';
import { run, tail } from './exec';
import { GoOutput, PACKAGE_LINE, setupLogFile } from './go-output';
import type { Logger } from './log';

export const MIN_GO = { major: 1, minor: 24 };

/** The `go` on PATH and its version, or why it cannot build the tools. */
export async function goToolchain(): Promise<{ version: string } | { problem: string }> {
  const result = await run('go', ['env', 'GOVERSION']);
  if (result.error) {
    return {
      problem: `\`go\` is not on PATH; Go ≥ ${MIN_GO.major}.${MIN_GO.minor} is needed to build from source`,
    };
  }
  const version = result.stdout.trim();
  const match = /^go(\d+)\.(\d+)/.exec(version);
  if (result.code !== 0 || !match) {
    return { problem: `\`go env GOVERSION\` failed: ${tail(result.stderr || result.stdout, 2)}` };
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MIN_GO.major || (major === MIN_GO.major && minor < MIN_GO.minor)) {
    return {
      problem: `${version} is too old; Go ≥ ${MIN_GO.major}.${MIN_GO.minor} is needed to build from source`,
    };
  }
  return { version };
}

export type ModuleProbe = { ok: true; dir: string; commit?: string } | { ok: false; error: string };

interface ModDownloadJson {
  Dir?: string;
  Error?: string;
  Origin?: { Hash?: string };
}

/**
 * `go mod download -json mod@version`: the read-only module dir (and its git commit when the
 * proxy reports one), or the proxy's error on one line, e.g.
 * `... 403 Forbidden server response: This module version is not available.`
 */
export async function probeModule(modAtVersion: string, cwd: string): Promise<ModuleProbe> {
  // cwd must be outside any Go module, or `go mod download` would consult its go.mod.
  const result = await run('go', ['mod', 'download', '-json', modAtVersion], { cwd });
  if (result.error) return { ok: false, error: result.error.message };
  let parsed: ModDownloadJson = {};
  try {
    parsed = JSON.parse(result.stdout) as ModDownloadJson;
  } catch {
    // Fall through to the stderr message below.
  }
  if (parsed.Error) return { ok: false, error: oneLine(parsed.Error) };
  if (result.code !== 0 || !parsed.Dir) {
    return { ok: false, error: oneLine(tail(result.stderr || result.stdout, 3)) };
  }
  return { ok: true, dir: parsed.Dir, commit: parsed.Origin?.Hash };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export interface GoBuildArgs {
  tool: string;
  dir: string;
  pkg: string;
  out: string;
  tags?: string;
  ldflags?: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
}

const HEARTBEAT_MS = 30_000;

/** The first line of go's output that says what went wrong, for a one-line summary. */
export function firstError(output: string): string {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const error = lines.find(
    (l) => l && !/^\s/.test(l) && !PACKAGE_LINE.test(l) && !l.startsWith('go: downloading'),
  );
  return error ?? tail(output, 1);
}

/**
 * `go build -v`, its every line appended to this run's setup log file and a summary on the console
 * (see GoOutput), with a heartbeat while it compiles.
 */
export async function goBuild(args: GoBuildArgs): Promise<{ ok: boolean; output: string }> {
  const logFile = setupLogFile(args.log);
  const file = createWriteStream(logFile, { flags: 'a' });
  file.write(
    `\n=== ${new Date().toISOString()} ${args.tool}: go build ${args.pkg} in ${args.dir}\n`,
  );
  const output = new GoOutput(args.tool, args.log, logFile, (l) => file.write(l + '\n'));
  const heartbeat = setInterval(() => output.heartbeat(), HEARTBEAT_MS);
  const flags = ['build', '-v'];
  if (args.tags) flags.push('-tags', args.tags);
  if (args.ldflags) flags.push('-ldflags', args.ldflags);
  flags.push('-o', args.out, args.pkg);
  try {
    const result = await run('go', flags, {
      cwd: args.dir,
      env: args.env,
      onLine: (line) => output.line(line),
    });
    output.done();
    if (result.error) return { ok: false, output: result.error.message };
    return { ok: result.code === 0, output: result.stderr };
  } finally {
    clearInterval(heartbeat);
    await new Promise((resolve) => file.end(resolve));
  }
}
