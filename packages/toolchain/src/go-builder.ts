import { mkdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { copyTree, removeTree } from './fs-util';
import { firstError, goBuild, goToolchain, probeModule } from './go';
import { setupLogFile } from './go-output';
import { GO_RECIPES, type GoSource } from './go-recipes';
import { secondsSince, type Logger } from './log';
import type { ComponentsFlavor, ToolName } from './paths';

/**
 * Builds tools from the Go module proxy. One builder serves one setup run: a source shared by
 * several tools (Dapr) is downloaded, copied and patched once.
 */
export class GoBuilder {
  private readonly sources = new Map<string, string>();
  private toolchain?: Promise<{ version: string } | { problem: string }>;

  constructor(
    private readonly root: string,
    private readonly log: Logger,
  ) {}

  /** Builds `tool` into `out` (renamed into place only when the build succeeds). */
  async build(tool: ToolName, out: string): Promise<{ flavor?: ComponentsFlavor }> {
    this.toolchain ??= goToolchain();
    const go = await this.toolchain;
    if ('problem' in go) throw new Error(go.problem);

    const recipe = GO_RECIPES[tool];
    const dir = await this.source(recipe.source);
    mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    let lastError = '';
    for (const tags of recipe.tags ?? [undefined]) {
      const started = Date.now();
      const what = `go build${tags ? ` -tags ${tags}` : ''} ${recipe.pkg}`;
      this.log(`  ${what} (${go.version}) …`);
      const result = await goBuild({
        tool,
        dir,
        pkg: recipe.pkg,
        out: tmp,
        tags,
        ldflags: recipe.ldflags,
        env: { ...process.env, ...recipe.source.env },
        log: this.log,
      });
      if (result.ok) {
        renameSync(tmp, out);
        this.log(`  built ${tool} in ${secondsSince(started)} s`);
        return { flavor: tags };
      }
      rmSync(tmp, { force: true });
      lastError = firstError(result.output);
      this.log(
        `  ${what} failed after ${secondsSince(started)} s (full output: ${setupLogFile(this.log)})`,
      );
    }
    throw new Error(
      `go build failed in ${dir} (full output in ${setupLogFile(this.log)}): ${lastError}`,
    );
  }

  /** Deletes the source copies; Go's build cache keeps a rebuild fast. */
  async cleanup(): Promise<void> {
    for (const dir of this.sources.values()) await removeTree(dir);
    try {
      rmdirSync(path.join(this.root, 'src'));
    } catch {
      // Not empty (someone else's source) or already gone: leave it.
    }
    this.sources.clear();
  }

  private async source(src: GoSource): Promise<string> {
    const known = this.sources.get(src.name);
    if (known) return known;
    const started = Date.now();
    const modAtVersion = `${src.module}@v${src.version}`;
    this.log(`  go mod download ${modAtVersion} …`);
    const probe = await probeModule(modAtVersion, this.root);
    if (!probe.ok) throw new Error(`go mod download ${modAtVersion} failed: ${probe.error}`);

    // The module cache is read-only and shared; workarounds go into a private copy.
    const dir = path.join(this.root, 'src', `${src.name}-${src.version}`);
    mkdirSync(path.dirname(dir), { recursive: true });
    await copyTree(probe.dir, dir);
    await src.prepare?.({ dir, commit: probe.commit, probeCwd: this.root, log: this.log });
    this.log(`  source ready in ${dir} (${secondsSince(started)} s)`);
    this.sources.set(src.name, dir);
    return dir;
  }
}
