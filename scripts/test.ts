/**
 * `npm test`: makes sure the tools are there, then runs every jest project in turn (unit and
 * route tests against a real FerretDB, then system tests that start the real stack), and
 * `go test` for each Go module under services/, and ends with one line
 * `Tests: N passed, N failed` over all of them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureTools, toolPath } from '@ticketing/toolchain';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test-output');

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
  numTotalTestSuites: number;
}

// --forceExit: a test file that leaves a socket or timer open must not hold the whole run;
// jest still reports such files, and each suite closes what it opened in its afterAll.
const PROJECTS: { name: string; args: string[] }[] = [
  { name: 'unit', args: ['--forceExit'] },
  // Each system test file brings up its own stack; one at a time suits 2 cores.
  { name: 'system', args: ['--runInBand', '--forceExit'] },
  // SIGKILLs one process at a time under a purchase load, in each broker profile.
  { name: 'chaos', args: ['--runInBand', '--forceExit'] },
  // Chromium against the real stack; needs /usr/bin/chromium (Debian's package).
  { name: 'browser', args: ['--runInBand', '--forceExit'] },
];

function runProject(name: string, extra: string[], passthrough: string[]): JestSummary | undefined {
  const outputFile = path.join(OUT, `jest-${name}.json`);
  process.stdout.write(`\n=== ${name} tests ===\n`);
  const jest = path.join(ROOT, 'node_modules', '.bin', 'jest');
  const res = spawnSync(
    jest,
    ['--selectProjects', name, '--json', `--outputFile=${outputFile}`, ...extra, ...passthrough],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (!existsSync(outputFile)) {
    process.stdout.write(`${name}: jest produced no results (exit ${res.status})\n`);
    return undefined;
  }
  return JSON.parse(readFileSync(outputFile, 'utf8')) as JestSummary;
}

/** Go modules with their own go.mod (services written in Go). */
const GO_MODULES = ['services/insights'];

/**
 * Runs `go test -json ./...` in a module and counts its tests (subtests too) that passed and
 * failed; a package that fails to build counts as one failure.
 */
function runGoTests(dir: string): { passed: number; failed: number } {
  process.stdout.write(`\n=== go tests (${dir}) ===\n`);
  const res = spawnSync('go', ['test', '-json', '-count=1', './...'], {
    cwd: path.join(ROOT, dir),
    // The state client's tests run against a real sidecar.
    env: { ...process.env, DAPRD_BIN: process.env.DAPRD_BIN ?? toolPath('daprd') },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) {
    process.stdout.write(`go test could not run: ${res.error.message}\n`);
    return { passed: 0, failed: 1 };
  }
  let passed = 0;
  let failed = 0;
  let packageFailures = 0;
  for (const line of res.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line) as {
      Action: string;
      Package: string;
      Test?: string;
      Output?: string;
    };
    if (
      e.Action === 'output' &&
      e.Output &&
      (e.Output.includes('--- FAIL') || /^(FAIL|ok)\s/.test(e.Output))
    )
      process.stdout.write(e.Output);
    if (!e.Test) {
      if (e.Action === 'fail') packageFailures += 1;
      continue;
    }
    if (e.Action === 'pass') passed += 1;
    if (e.Action === 'fail') failed += 1;
  }
  // A package that failed with no failing test did not build (or panicked outside a test).
  if (failed === 0 && packageFailures > 0) failed = packageFailures;
  if (res.stderr.trim()) process.stdout.write(res.stderr);
  process.stdout.write(`go (${dir}): ${passed} passed, ${failed} failed\n`);
  return { passed, failed };
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  await ensureTools({ quietWhenReady: true });
  const passthrough = process.argv.slice(2);
  let passed = 0;
  let failed = 0;
  for (const p of PROJECTS) {
    const summary = runProject(p.name, p.args, passthrough);
    if (!summary) {
      failed += 1;
      continue;
    }
    passed += summary.numPassedTests;
    // A suite that crashed before its tests ran counts as a failure too.
    failed += summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  }
  for (const dir of GO_MODULES) {
    const go = runGoTests(dir);
    passed += go.passed;
    failed += go.failed;
  }
  process.stdout.write(`\nTests: ${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`npm test failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.stdout.write('\nTests: 0 passed, 1 failed\n');
  process.exit(1);
});
