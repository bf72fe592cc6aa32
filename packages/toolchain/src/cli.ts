import { parseArgs } from 'node:util';
import { ensureTools, type EnsuredTool } from './ensure';
import { formatDuration } from './log';
import { isToolName, toolsDir, TOOL_NAMES, type ToolName } from './paths';
import { ToolsUnavailableError } from './tool-error';

const USAGE = `Usage: npm run setup -- [--offline] [--only daprd,ferretdb]

Gets the pinned runtime binaries into ${toolsDir()}
  --offline   skip release downloads (also TICKETING_OFFLINE=1); build from the Go proxy instead
  --only      comma-separated subset of: ${TOOL_NAMES.join(', ')}`;

function parseOnly(value: string | undefined): ToolName[] | undefined {
  if (!value) return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isToolName(name));
  if (unknown.length) throw new Error(`unknown tool(s): ${unknown.join(', ')}\n\n${USAGE}`);
  return names as ToolName[];
}

function table(rows: EnsuredTool[]): string {
  const header = ['tool', 'version', 'source', 'path'];
  const cells = rows.map((r) => [r.tool, r.version, r.source, r.path]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)]
    .map((l) => l.trimEnd())
    .join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const { values } = parseArgs({
    options: {
      offline: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const only = parseOnly(values.only);
  const offline = values.offline || process.env.TICKETING_OFFLINE === '1';
  console.error(`tools dir: ${toolsDir()}${offline ? ' (offline)' : ''}`);
  try {
    const ensured = await ensureTools({ offline, only, quietWhenReady: true });
    console.log(`\n${table(ensured)}\n\nsetup took ${formatDuration(Date.now() - started)}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ToolsUnavailableError)) throw err;
    console.error(`\n${err.message}\n\nsetup failed after ${formatDuration(Date.now() - started)}`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
