#!/usr/bin/env node
/**
 * Runs before `npm start`, `npm test` and `npm run setup`: on a fresh clone (or after the lock
 * changed) it installs the Node dependencies first, so those two commands are all a new machine
 * needs. Plain JavaScript: nothing is installed yet when it runs.
 */
const { existsSync, statSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

const stale =
  !existsSync(tsx) || !existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  process.stdout.write('Installing Node dependencies (npm install)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
