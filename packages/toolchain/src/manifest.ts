import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ToolName } from './paths';

/** How setup got a binary: given by env var, found on PATH, already cached, downloaded, or built. */
export type ToolSource = 'env' | 'path' | 'cache' | 'release' | 'built';

export interface ManifestEntry {
  path: string;
  version: string;
  source: ToolSource;
  /** Size and mtime when it was verified, so a later run can trust it without exec'ing it. */
  size?: number;
  mtimeMs?: number;
  /** The Go recipe's revision that built it (source `built`); see GoRecipe.revision. */
  revision?: number;
}

export type Manifest = Partial<Record<ToolName, ManifestEntry>>;

/** Reads the manifest; a missing or corrupt file is an empty manifest (setup rewrites it). */
export function readManifest(file: string): Manifest {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Manifest) : {};
  } catch {
    return {};
  }
}

/** Writes via a temp file and rename, so a reader never sees half a manifest. */
export function writeManifest(file: string, manifest: Manifest): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, file);
}
