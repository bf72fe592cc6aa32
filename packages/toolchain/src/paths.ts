import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import versions from '../versions.json';

export type ToolName = 'daprd' | 'placement' | 'scheduler' | 'sentry' | 'ferretdb' | 'nats-server' | 'stripe-mock';
export const TOOL_NAMES: ToolName[] = ['daprd', 'placement', 'scheduler', 'sentry', 'ferretdb', 'nats-server', 'stripe-mock'];

export function versionOf(tool: ToolName): string {
  if (tool === 'ferretdb' || tool === 'nats-server' || tool === 'stripe-mock') return versions[tool];
  return versions.dapr;
}

/** Where the binaries live: TICKETING_TOOLS_DIR, else the user's cache dir. Never inside the repo. */
export function toolsDir(): string {
  if (process.env.TICKETING_TOOLS_DIR) return path.resolve(process.env.TICKETING_TOOLS_DIR);
  const cache = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(cache, 'ticketing', 'tools');
}

/** The cached binary of a tool at its pinned version: `<dir>/<tool>-<version>/<tool>`. */
export function cachedToolPath(tool: ToolName): string {
  return path.join(toolsDir(), `${tool}-${versionOf(tool)}`, tool);
}

/** Env var that points at an existing binary, e.g. DAPRD_BIN, NATS_SERVER_BIN. */
export function envVarOf(tool: ToolName): string {
  return `${tool.toUpperCase().replace(/-/g, '_')}_BIN`;
}

/**
 * The binary to run for a tool: the one named by its env var, else the cached one.
 * Throws a message that says how to get it when neither is there.
 */
export function toolPath(tool: ToolName): string {
  const given = process.env[envVarOf(tool)];
  if (given) return given;
  const cached = cachedToolPath(tool);
  if (existsSync(cached)) return cached;
  throw new Error(`${tool} ${versionOf(tool)} is missing: run \`npm run setup\` (or set ${envVarOf(tool)})`);
}
