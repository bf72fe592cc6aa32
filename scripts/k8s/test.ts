/**
 * `npm run test:k8s`: proves every overlay in k8s/ on a real API server. Builds (or finds
 * cached) etcd, kube-apiserver and kubectl, starts them on 127.0.0.1, installs Dapr's CRDs from
 * the dapr module, creates the namespace, then for each overlay: `kubectl kustomize`, the
 * consistency checks on its output, and `kubectl apply --dry-run=server --validate=strict -k`
 * with no error and no warning. Stops everything and ends with `Tests: N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSpec } from '@ticketing/runner';
import { ensureKubeTools, probeModule, versionOf } from '@ticketing/toolchain';
import { startApiServer, type ApiServer } from './api-server';
import { checkManifests, parseManifests } from './consistency';

const ROOT = path.resolve(__dirname, '..', '..');
// local builds on dev and reads its secret files, so it comes after dev.
const OVERLAYS = ['nats', 'redis', 'dev', 'local', 'prod'];
/** Overlays whose secretGenerator reads files that k8s/make-secrets.sh writes. */
const WITH_SECRETS = new Set(['dev', 'prod']);

const log = (line: string) => process.stdout.write(`${line}\n`);
const results: { name: string; ok: boolean; detail?: string }[] = [];

function record(name: string, problems: string[]): void {
  const ok = problems.length === 0;
  results.push({ name, ok, detail: problems.join('\n') });
  log(`${ok ? '✓' : '✗'} ${name}`);
  for (const p of problems) log(`    ${p}`);
}

/** Lines a kubectl run printed that are warnings (deprecated or unknown fields and the like). */
function warnings(text: string): string[] {
  return text.split('\n').filter((l) => /^warning:|unknown field/i.test(l.trim()));
}

function outcome(res: { status: number | null; stdout: string; stderr: string }): string[] {
  const problems = warnings(`${res.stdout}\n${res.stderr}`).map((w) => `warning: ${w}`);
  if (res.status !== 0) problems.unshift(`exit ${res.status}: ${res.stderr.trim() || res.stdout}`);
  return problems;
}

async function installDaprCrds(api: ApiServer): Promise<void> {
  const version = versionOf('daprd');
  const probe = await probeModule(`github.com/dapr/dapr@v${version}`, tmpdir());
  if (!probe.ok) {
    record(`Dapr ${version} CRDs install and are established`, [probe.error]);
    return;
  }
  const crds = path.join(probe.dir, 'charts', 'dapr', 'crds');
  const applied = api.kubectl(['apply', '--server-side', '-f', crds]);
  const problems = outcome(applied);
  if (problems.length === 0) {
    const names = applied.stdout
      .split('\n')
      .map((l) => l.split(' ')[0]!)
      .filter(Boolean);
    const wait = api.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names]);
    problems.push(...outcome(wait));
    log(`  ${names.length} CRDs from ${path.relative(probe.dir, crds)}: ${names.join(', ')}`);
  }
  record(`Dapr ${version} CRDs install and are established`, problems);
}

/** Proves strict validation really checks Dapr's schemas: an unknown field must be refused. */
function strictValidationBites(api: ApiServer): void {
  const bad = [
    'apiVersion: dapr.io/v1alpha1',
    'kind: Component',
    'metadata: { name: typo, namespace: ticketing }',
    'spec: { type: pubsub.jetstream, version: v1, metdata: [] }',
  ].join('\n');
  const res = api.kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], {
    input: bad,
  });
  const refused = res.status !== 0 && /unknown field "spec\.metdata"/.test(res.stderr);
  record(
    'strict server-side validation refuses an unknown field in a Dapr Component',
    refused
      ? []
      : [`expected a refusal naming spec.metdata, got exit ${res.status}: ${res.stderr}`],
  );
}

function proveOverlay(api: ApiServer, workDir: string, overlay: string): void {
  const dir = path.join(workDir, 'overlays', overlay);
  if (WITH_SECRETS.has(overlay)) {
    const made = spawnSync('bash', [path.join(workDir, 'make-secrets.sh'), overlay], {
      encoding: 'utf8',
    });
    if (made.status !== 0) {
      record(`${overlay}: make-secrets.sh writes the secret files`, [made.stderr]);
      return;
    }
  }
  const built = api.kubectl(['kustomize', dir]);
  const buildProblems = outcome(built);
  record(`${overlay}: kubectl kustomize builds`, buildProblems);
  if (buildProblems.length > 0) return;

  const objects = parseManifests(built.stdout);
  record(
    `${overlay}: ports, app ids and scopes agree (with tye.yaml; ${objects.length} objects)`,
    checkManifests(objects, loadSpec(path.join(ROOT, 'tye.yaml'))),
  );

  const applied = api.kubectl(['apply', '--dry-run=server', '--validate=strict', '-k', dir]);
  record(`${overlay}: kubectl apply --dry-run=server --validate=strict -k`, outcome(applied));
}

async function main(): Promise<number> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  let api: ApiServer | undefined;
  const workDir = mkdtempSync(path.join(tmpdir(), 'ticketing-k8s-manifests-'));
  try {
    const t0 = Date.now();
    const tools = await ensureKubeTools(['etcd', 'kube-apiserver', 'kubectl'], log);
    timings.toolsMs = Date.now() - t0;

    const t1 = Date.now();
    api = await startApiServer(
      { etcd: tools.etcd, kubeApiserver: tools['kube-apiserver'], kubectl: tools.kubectl },
      log,
    );
    timings.apiServerStartMs = Date.now() - t1;

    await installDaprCrds(api);
    // The namespace is made for real, so the dry runs can resolve it.
    const ns = api.kubectl(['apply', '-f', path.join(ROOT, 'k8s', 'base', 'namespace.yaml')]);
    record('namespace ticketing is created', outcome(ns));
    strictValidationBites(api);

    // A copy, so the secret files the dev and prod overlays need never touch the repo's.
    cpSync(path.join(ROOT, 'k8s'), workDir, { recursive: true });
    for (const overlay of readdirSync(path.join(workDir, 'overlays'))) {
      for (const file of ['secrets.env', 'dapr-api-token.env', 'app-api-token.env']) {
        rmSync(path.join(workDir, 'overlays', overlay, file), { force: true });
      }
    }
    const t2 = Date.now();
    for (const overlay of OVERLAYS) proveOverlay(api, workDir, overlay);
    timings.overlaysMs = Date.now() - t2;
  } catch (err) {
    record('the API server runs', [err instanceof Error ? err.message : String(err)]);
  } finally {
    await api?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  timings.totalMs = Date.now() - started;
  mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(path.join(ROOT, 'test-output', 'k8s-timings.json'), `${JSON.stringify(timings)}\n`);
  log(JSON.stringify({ k8s: timings }));
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`Tests: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`test:k8s crashed: ${err instanceof Error ? err.stack : String(err)}`);
    log('Tests: 0 passed, 1 failed');
    process.exit(1);
  },
);
