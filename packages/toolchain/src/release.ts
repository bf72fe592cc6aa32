import { chmodSync, createWriteStream, mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { run, tail } from './exec';
import { versionOf, type ToolName } from './paths';

export interface ReleaseAsset {
  url: string;
  /** `binary` is the executable itself; archives are unpacked with the system `tar`. */
  kind: 'tar.gz' | 'zip' | 'binary';
}

const OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin' };
const ARCH: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/** The official release asset for this platform, or undefined when the project publishes none. */
export function releaseAsset(
  tool: ToolName,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ReleaseAsset | undefined {
  const os = OS[platform];
  const cpu = ARCH[arch];
  if (!os || !cpu) return undefined;
  const v = versionOf(tool);
  switch (tool) {
    case 'daprd':
    case 'placement':
    case 'scheduler':
    case 'sentry':
      return {
        url: `https://github.com/dapr/dapr/releases/download/v${v}/${tool}_${os}_${cpu}.tar.gz`,
        kind: 'tar.gz',
      };
    case 'ferretdb':
      // FerretDB ships Linux binaries only.
      if (os !== 'linux') return undefined;
      return {
        url: `https://github.com/FerretDB/FerretDB/releases/download/v${v}/ferretdb-${os}-${cpu}`,
        kind: 'binary',
      };
    case 'nats-server': {
      // NATS ships macOS builds as zip only.
      const kind = os === 'darwin' ? 'zip' : 'tar.gz';
      const base = `https://github.com/nats-io/nats-server/releases/download/v${v}`;
      return { url: `${base}/nats-server-v${v}-${os}-${cpu}.${kind}`, kind };
    }
    case 'stripe-mock':
      return {
        url: `https://github.com/stripe/stripe-mock/releases/download/v${v}/stripe-mock_${v}_${os}_${cpu}.tar.gz`,
        kind: 'tar.gz',
      };
    case 'jaeger':
      // Releases are named by the v2 line (1.76.0 ships as jaeger-2.13.0-…): build from the
      // module instead, so one version pins both the proxy module and the binary.
      return undefined;
    case 'mailpit':
      return {
        url: `https://github.com/axllent/mailpit/releases/download/v${v}/mailpit-${os}-${cpu}.tar.gz`,
        kind: 'tar.gz',
      };
  }
}

/** A failure worth not repeating for the next tool: the host is unreachable or the fetch stalled. */
export class NetworkError extends Error {}

const STALL_MS = 10_000;

/**
 * Downloads the release asset into `workDir` and returns the path of the executable in it.
 * Aborts when no bytes arrive for 10 s, so an offline machine fails fast instead of hanging.
 */
export async function downloadRelease(
  tool: ToolName,
  asset: ReleaseAsset,
  workDir: string,
): Promise<string> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), STALL_MS);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), STALL_MS);
  };
  const download = path.join(workDir, path.basename(new URL(asset.url).pathname));
  try {
    let response: Response;
    try {
      response = await fetch(asset.url, { signal: controller.signal });
    } catch (err) {
      throw new NetworkError(describeFetchError(err));
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    touch();
    const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
    body.on('data', touch);
    try {
      await pipeline(body, createWriteStream(download));
    } catch (err) {
      throw new NetworkError(`download interrupted: ${describeFetchError(err)}`);
    }
  } finally {
    clearTimeout(timer);
  }

  if (asset.kind === 'binary') {
    chmodSync(download, 0o755);
    return download;
  }
  const unpacked = mkdtempSync(path.join(workDir, 'x-'));
  // bsdtar on macOS also reads zip; GNU tar needs -z for gzip.
  const args = asset.kind === 'tar.gz' ? ['-xzf', download] : ['-xf', download];
  const result = await run('tar', [...args, '-C', unpacked]);
  if (result.code !== 0) {
    throw new Error(`tar failed: ${result.error?.message ?? tail(result.stderr, 2)}`);
  }
  const found = findFile(unpacked, tool);
  if (!found) throw new Error(`archive has no file named ${tool}`);
  chmodSync(found, 0o755);
  return found;
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'AbortError') return `no data for ${STALL_MS / 1000} s`;
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

/** Depth-first search for a regular file with the given name. */
function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const inner = findFile(full, name);
      if (inner) return inner;
    }
  }
  return undefined;
}
