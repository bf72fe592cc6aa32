import { existsSync, rmSync } from 'node:fs';
import { run, tail } from './exec';

/** Module cache copies are read-only; the build needs to edit and delete files in them. */
export async function makeWritable(dir: string): Promise<void> {
  const result = await run('chmod', ['-R', 'u+w', dir]);
  if (result.code !== 0) throw new Error(`chmod -R u+w ${dir} failed: ${tail(result.stderr, 2)}`);
}

/** Removes a tree even when it holds read-only directories (as module cache copies do). */
export async function removeTree(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  await makeWritable(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Copies a directory tree with the system `cp`, then makes the copy writable. */
export async function copyTree(src: string, dest: string): Promise<void> {
  await removeTree(dest);
  const result = await run('cp', ['-R', src, dest]);
  if (result.code !== 0) throw new Error(`cp -R ${src} ${dest} failed: ${tail(result.stderr, 2)}`);
  await makeWritable(dest);
}
