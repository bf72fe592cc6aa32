/**
 * `npm run contracts`: writes every generated contract file (OpenAPI, AsyncAPI, one JSON Schema
 * per topic) from packages/contracts, and deletes generated files no longer produced.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_DIR, generatedFiles } from './generated';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  } catch {
    return [];
  }
}

const files = generatedFiles();
const wanted = new Set(Object.keys(files).map((f) => path.join(ROOT, f)));
for (const existing of listFiles(path.join(ROOT, GENERATED_DIR))) {
  if (!wanted.has(existing)) rmSync(existing);
}
for (const [file, content] of Object.entries(files)) {
  const full = path.join(ROOT, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}
process.stdout.write(`contracts: wrote ${Object.keys(files).length} files to ${GENERATED_DIR}/\n`);
