import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { GoBuilder } from './go-builder';
import { GO_RECIPES } from './go-recipes';
import { withLock } from './lock';
import { formatDuration, secondsSince, stderrLogger, type Logger } from './log';
import { readManifest, writeManifest, type Manifest, type ToolSource } from './manifest';
import {
  cachedToolPath,
  componentsFilePath,
  envVarOf,
  findOnPath,
  manifestPath,
  toolsDir,
  TOOL_NAMES,
  versionOf,
  type ComponentsFlavor,
  type ToolName,
} from './paths';
import { downloadRelease, NetworkError, releaseAsset } from './release';
import { ToolsUnavailableError, type ToolFailure } from './tool-error';
import { verifyBinary, type Verification } from './verify';

export interface EnsureOptions {
  /** Skip release downloads; defaults to TICKETING_OFFLINE=1. */
  offline?: boolean;
  /** Only these tools; defaults to all. */
  only?: ToolName[];
  /** Progress lines; defaults to stderr. */
  log?: Logger;
  /**
   * No line for a tool that is already in place (the CLI prints a table instead; `npm start`
   * stays quiet). Fetching, building and warnings always show.
   */
  quietWhenReady?: boolean;
}

export interface EnsuredTool {
  tool: ToolName;
  version: string;
  /** How this run got it; `cache` means an earlier run had already found, fetched or built it. */
  source: ToolSource;
  path: string;
}

/**
 * Makes sure every tool is present at its pinned version: an env var binary, then PATH, then the
 * cache, then an official release, then a build from the Go module proxy. Throws
 * ToolsUnavailableError naming each tool that no way could provide.
 */
export async function ensureTools(opts: EnsureOptions = {}): Promise<EnsuredTool[]> {
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const log = opts.log ?? stderrLogger;
  const offline = opts.offline ?? process.env.TICKETING_OFFLINE === '1';
  return withLock(dir, log, async () => {
    const session = new EnsureSession(dir, log, offline);
    const ensured: EnsuredTool[] = [];
    const failures: ToolFailure[] = [];
    for (const tool of opts.only ?? TOOL_NAMES) {
      const result = await session.ensure(tool);
      if ('tried' in result) {
        failures.push(result);
        continue;
      }
      ensured.push(result);
      const fetched = result.source === 'release' || result.source === 'built';
      if (!fetched && !opts.quietWhenReady) {
        log(`✓ ${tool} ${result.version} ready (${result.source}: ${result.path})`);
      }
    }
    // Keep patched sources after a failure: they are what someone would debug.
    if (failures.length) throw new ToolsUnavailableError(failures);
    await session.builder.cleanup();
    return ensured;
  });
}

class EnsureSession {
  readonly builder: GoBuilder;
  private readonly manifest: Manifest;
  /** Set after the first network failure, so later tools do not wait on it again. */
  private unreachable?: string;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
    private readonly offline: boolean,
  ) {
    this.builder = new GoBuilder(dir, log);
    this.manifest = readManifest(manifestPath());
  }

  async ensure(tool: ToolName): Promise<EnsuredTool | ToolFailure> {
    const tried: string[] = [];
    const envVar = envVarOf(tool);
    const given = process.env[envVar];
    if (given) {
      const bin = path.resolve(given);
      const check = await this.check(tool, bin);
      if (check.ok) return this.accept(tool, bin, 'env');
      tried.push(`${envVar}=${given}: ${check.detail}`);
      this.log(`! ${envVar} is set but ${check.detail}; toolPath() still prefers it at run time`);
    } else {
      tried.push(`${envVar} not set`);
    }

    const onPath = findOnPath(tool);
    if (onPath) {
      const check = await this.check(tool, onPath);
      if (check.ok) return this.accept(tool, onPath, 'path');
      tried.push(`PATH: ${check.detail}`);
    } else {
      tried.push(`${tool} not on PATH`);
    }

    const cached = cachedToolPath(tool);
    // A binary an earlier run chose (e.g. via an env var since unset): toolPath() still returns it.
    const recorded = this.manifest[tool]?.path;
    if (recorded && recorded !== cached && recorded !== onPath && existsSync(recorded)) {
      const check = await this.check(tool, recorded);
      if (check.ok) return this.accept(tool, recorded, 'cache');
      tried.push(`manifest: ${check.detail}`);
    }

    const outdated = this.builtByOlderRecipe(tool, cached);
    if (outdated) {
      tried.push(`cache: ${outdated}`);
    } else if (existsSync(cached)) {
      const check = await this.check(tool, cached);
      if (check.ok) return this.accept(tool, cached, 'cache');
      tried.push(`cache: ${check.detail}`);
    } else {
      tried.push(`not cached in ${path.dirname(cached)}`);
    }

    const started = Date.now();
    this.log(`▸ ${tool} ${versionOf(tool)}: ${tried.join('; ')}`);
    if (await this.fromRelease(tool, cached, tried)) {
      this.log(`✓ ${tool} downloaded in ${formatDuration(Date.now() - started)}`);
      return this.accept(tool, cached, 'release');
    }
    if (await this.fromSource(tool, cached, tried)) {
      this.log(`✓ ${tool} built in ${formatDuration(Date.now() - started)}`);
      return this.accept(tool, cached, 'built');
    }
    this.log(`✗ ${tool}: no way to get it worked`);
    return { tool, tried };
  }

  /** Why a binary this cache built must be built again, if its recipe has changed since. */
  private builtByOlderRecipe(tool: ToolName, bin: string): string | undefined {
    const wanted = GO_RECIPES[tool].revision ?? 0;
    const known = this.manifest[tool];
    if (wanted === 0 || known?.path !== bin || known.source !== 'built') return undefined;
    const had = known.revision ?? 0;
    return had < wanted ? `built by revision ${had} of its recipe, now ${wanted}` : undefined;
  }

  /** Trusts a binary verified by an earlier run if it is unchanged (same size and mtime). */
  private async check(tool: ToolName, bin: string): Promise<Verification> {
    let stat;
    try {
      stat = statSync(bin);
    } catch {
      return { ok: false, detail: `${bin} does not exist` };
    }
    const known = this.manifest[tool];
    const unchanged =
      known?.path === bin &&
      known.version === versionOf(tool) &&
      known.size === stat.size &&
      known.mtimeMs === stat.mtimeMs;
    if (unchanged) return { ok: true, reported: known.version, detail: 'verified earlier' };
    return verifyBinary(tool, bin);
  }

  private accept(tool: ToolName, bin: string, source: ToolSource): EnsuredTool {
    const stat = statSync(bin);
    const version = versionOf(tool);
    const known = this.manifest[tool];
    // A cached binary keeps the source it first came from (release, built, env or path).
    const recorded = source === 'cache' && known?.path === bin ? known.source : source;
    const revision =
      source === 'built'
        ? GO_RECIPES[tool].revision
        : known?.path === bin
          ? known.revision
          : undefined;
    this.manifest[tool] = {
      path: bin,
      version,
      source: recorded,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      ...(revision === undefined ? {} : { revision }),
    };
    // Written after each tool, so an interrupted run keeps what it finished.
    writeManifest(manifestPath(), this.manifest);
    return { tool, version, source, path: bin };
  }

  private async fromRelease(tool: ToolName, dest: string, tried: string[]): Promise<boolean> {
    if (this.offline) {
      tried.push('release download skipped (offline)');
      return false;
    }
    if (this.unreachable) {
      tried.push(`release download skipped (${this.unreachable})`);
      return false;
    }
    const asset = releaseAsset(tool);
    if (!asset) {
      tried.push(`no official release for ${process.platform}/${process.arch}`);
      return false;
    }
    const work = mkdtempSync(path.join(this.dir, '.download-'));
    const started = Date.now();
    try {
      this.log(`  downloading ${asset.url} …`);
      const file = await downloadRelease(tool, asset, work);
      const check = await verifyBinary(tool, file);
      if (!check.ok) throw new Error(check.detail);
      mkdirSync(path.dirname(dest), { recursive: true });
      renameSync(file, dest);
      if (tool === 'daprd') writeFlavor(dest, 'allcomponents');
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof NetworkError) this.unreachable = `releases unreachable: ${message}`;
      tried.push(`release ${asset.url}: ${message}`);
      this.log(`  release download failed after ${secondsSince(started)} s (${message})`);
      return false;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  private async fromSource(tool: ToolName, dest: string, tried: string[]): Promise<boolean> {
    this.log(`  building ${tool} from the Go module proxy …`);
    try {
      const { flavor } = await this.builder.build(tool, dest);
      const check = await verifyBinary(tool, dest);
      if (!check.ok) {
        rmSync(dest, { force: true });
        throw new Error(`the built binary failed verification: ${check.detail}`);
      }
      if (tool === 'daprd') {
        writeFlavor(dest, flavor ?? 'allcomponents');
        if (flavor === 'stablecomponents') {
          this.log('! daprd has stable components only: pubsub.jetstream is not available');
        }
      }
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      tried.push(`Go build: ${message}`);
      this.log(`  Go build failed: ${message}`);
      return false;
    }
  }
}

function writeFlavor(daprd: string, flavor: ComponentsFlavor): void {
  writeFileSync(componentsFilePath(daprd), `${flavor}\n`);
}
