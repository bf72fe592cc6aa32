import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import versions from '../versions.json';
import { readManifest } from './manifest';

export type ToolName =
  | 'daprd'
  | 'placement'
  | 'scheduler'
  | 'sentry'
  | 'ferretdb'
  | 'nats-server'
  | 'stripe-mock'
  | 'jaeger'
  | 'mailpit';
export const TOOL_NAMES: ToolName[] = [
  'daprd',
  'placement',
  'scheduler',
  'sentry',
  'ferretdb',
  'nats-server',
  'stripe-mock',
  'jaeger',
  'mailpit',
];

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as string[]).includes(name);
}

export function versionOf(tool: ToolName): string {
  switch (tool) {
    case 'daprd':
    case 'placement':
    case 'scheduler':
    case 'sentry':
      return versions.dapr;
    default:
      return versions[tool];
  }
}

/** Where the binaries live: TICKETING_TOOLS_DIR, else the user's cache dir. Never inside the repo. */
export function toolsDir(): string {
  if (process.env.TICKETING_TOOLS_DIR) return path.resolve(process.env.TICKETING_TOOLS_DIR);
  const cache = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(cache, 'ticketing', 'tools');
}

/** `<toolsDir>/manifest.json`: which binary setup chose for each tool. */
export function manifestPath(): string {
  return path.join(toolsDir(), 'manifest.json');
}

/** The cached binary of a tool at its pinned version: `<dir>/<tool>-<version>/<tool>`. */
export function cachedToolPath(tool: ToolName): string {
  return path.join(toolsDir(), `${tool}-${versionOf(tool)}`, tool);
}

/** Env var that points at an existing binary, e.g. DAPRD_BIN, NATS_SERVER_BIN. */
export function envVarOf(tool: ToolName): string {
  return `${tool.toUpperCase().replace(/-/g, '_')}_BIN`;
}

/** The first executable file called `name` on PATH, like `which`. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there or not executable: keep looking.
    }
  }
  return undefined;
}

/** What to tell someone when a tool is not there. */
export function missingToolMessage(tool: ToolName): string {
  const version = versionOf(tool);
  return (
    `${tool} ${version} is missing: run \`npm run setup\`, ` +
    `or set ${envVarOf(tool)} to a ${tool} ${version} binary, or put one on PATH and run setup`
  );
}

/**
 * The binary to run for a tool: the one named by its env var, else the one setup recorded in
 * the manifest (it may be on PATH), else the cached one. Throws a message that says how to get it.
 */
export function toolPath(tool: ToolName): string {
  const given = process.env[envVarOf(tool)];
  if (given) return given;
  const recorded = readManifest(manifestPath())[tool];
  // A manifest written for another pinned version must not leak through.
  if (recorded && recorded.version === versionOf(tool) && existsSync(recorded.path)) {
    return recorded.path;
  }
  const cached = cachedToolPath(tool);
  if (existsSync(cached)) return cached;
  throw new Error(missingToolMessage(tool));
}

/** The component set compiled into a daprd; the Go build may fall back to the stable set. */
export type ComponentsFlavor = 'allcomponents' | 'stablecomponents';

/** `COMPONENTS` beside the daprd binary records its flavor; official releases have all components. */
export function componentsFilePath(daprdPath: string): string {
  return path.join(path.dirname(daprdPath), 'COMPONENTS');
}

/**
 * Which components the daprd that `toolPath('daprd')` returns was built with. With
 * `stablecomponents`, alpha components such as pubsub.jetstream are not available.
 */
export function daprdComponentsFlavor(): ComponentsFlavor {
  try {
    const flavor = readFileSync(componentsFilePath(toolPath('daprd')), 'utf8').trim();
    return flavor === 'stablecomponents' ? 'stablecomponents' : 'allcomponents';
  } catch {
    return 'allcomponents';
  }
}
