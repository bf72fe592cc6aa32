import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import versions from '../kube-versions.json';
import { run, tail } from './exec';
import { copyTree, removeTree } from './fs-util';
import { firstError, goBuild, goToolchain, probeModule } from './go';
import { daprLdflags, prepareDapr } from './go-recipes';
import { withLock } from './lock';
import { formatDuration, type Logger } from './log';
import { toolsDir, versionOf } from './paths';

/**
 * Kubernetes binaries built from the Go module proxy, for proving the k8s manifests on a real
 * API server (kube-apiserver, kubectl, etcd) and for the single-node cluster (the rest, Helm,
 * CoreDNS, and the two Dapr control-plane services `npm start` never runs: `operator` and
 * `injector`). Built only when missing; each lands in `<toolsDir>/<source>-<version>/<tool>`.
 */
export type KubeTool =
  | 'kube-apiserver'
  | 'kubectl'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kubelet'
  | 'kube-proxy'
  | 'etcd'
  | 'helm'
  | 'coredns'
  /** Dapr's operator and sidecar injector, named as the images' entrypoints (`/operator`). */
  | 'operator'
  | 'injector';

export const kubeVersions = versions;

interface KubeSource {
  name: string;
  module: string;
  version: string;
  prepare: (dir: string, log: Logger) => Promise<void>;
  /** `-X` flags that stamp the version, as the project's own release build does. */
  ldflags: string;
  /**
   * The version command and what its output must contain; `untilSeen` for a server with no
   * version flag that logs its version when it starts (it is stopped as soon as it has).
   */
  verify: (tool: KubeTool) => { args: string[]; expect: string; untilSeen?: boolean };
}

/**
 * k8s.io/kubernetes points its 31 k8s.io/* staging modules at ./staging/src/..., which the
 * module zip leaves out, and vendors them. Point each at its published v0.x twin instead.
 */
async function prepareKubernetes(dir: string): Promise<void> {
  for (const name of ['vendor', 'go.work', 'go.work.sum']) {
    rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
  const staged = [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\/src\//gm)].map(
    (m) => m[1]!,
  );
  if (staged.length === 0) throw new Error('k8s.io/kubernetes go.mod has no staging replaces');
  await goModEdit(
    dir,
    staged.map((mod) => `-replace=${mod}=${mod}@v${versions.kubernetesStaging}`),
  );
}

/** etcd's server module replaces its sibling modules with ../api, ../client/... and ../pkg. */
async function prepareEtcd(dir: string): Promise<void> {
  const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
  const siblings = [...goMod.matchAll(/^\s*(go\.etcd\.io\/etcd\/[\w./-]+) => \.\.\//gm)].map(
    (m) => m[1]!,
  );
  if (siblings.length === 0) throw new Error('etcd server go.mod has no ../ replaces');
  await goModEdit(
    dir,
    siblings.map((mod) => `-replace=${mod}=${mod}@v${versions.etcd}`),
  );
}

async function goModEdit(dir: string, flags: string[]): Promise<void> {
  const edit = await run('go', ['mod', 'edit', ...flags], { cwd: dir });
  if (edit.code !== 0) throw new Error(`go mod edit failed: ${tail(edit.stderr, 2)}`);
}

const K8S_VERSION = `v${versions.kubernetes}`;
const [K8S_MAJOR, K8S_MINOR] = versions.kubernetes.split('.');
const k8sVersionFlags = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
  .flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${K8S_VERSION}`,
    `-X ${pkg}.gitMajor=${K8S_MAJOR}`,
    `-X ${pkg}.gitMinor=${K8S_MINOR}`,
    `-X ${pkg}.gitTreeState=clean`,
  ])
  .join(' ');

const KUBERNETES: KubeSource = {
  name: 'kubernetes',
  module: 'k8s.io/kubernetes',
  version: versions.kubernetes,
  prepare: prepareKubernetes,
  ldflags: `-s -w ${k8sVersionFlags}`,
  verify: (tool) =>
    tool === 'kubectl'
      ? { args: ['version', '--client'], expect: K8S_VERSION }
      : { args: ['--version'], expect: `Kubernetes ${K8S_VERSION}` },
};

const ETCD: KubeSource = {
  name: 'etcd',
  module: 'go.etcd.io/etcd/server/v3',
  version: versions.etcd,
  prepare: prepareEtcd,
  ldflags: `-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v${versions.etcd}`,
  verify: () => ({ args: ['--version'], expect: `etcd Version: ${versions.etcd}` }),
};

const HELM: KubeSource = {
  name: 'helm',
  module: 'helm.sh/helm/v3',
  version: versions.helm,
  prepare: async () => {},
  ldflags: `-s -w -X helm.sh/helm/v3/internal/version.version=v${versions.helm}`,
  verify: () => ({ args: ['version', '--short'], expect: `v${versions.helm}` }),
};

/**
 * CoreDNS compiles its plugins in from plugin.cfg (`go generate` writes the import list). The
 * cluster's DNS needs only these; the cloud back ends (route53, azure, clouddns), etcd, nomad
 * and dnstap would more than double the build for nothing.
 */
const COREDNS_PLUGINS = [
  'metadata:metadata',
  'cancel:cancel',
  'timeouts:timeouts',
  'reload:reload',
  'bufsize:bufsize',
  'bind:bind',
  'debug:debug',
  'ready:ready',
  'health:health',
  'prometheus:metrics',
  'errors:errors',
  'log:log',
  'loadbalance:loadbalance',
  'cache:cache',
  'template:template',
  'hosts:hosts',
  'kubernetes:kubernetes',
  'loop:loop',
  'forward:forward',
];

async function prepareCoredns(dir: string, log: Logger): Promise<void> {
  writeFileSync(path.join(dir, 'plugin.cfg'), `${COREDNS_PLUGINS.join('\n')}\n`);
  const generate = await run('go', ['generate', 'coredns.go'], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: goFlags('-mod=mod') },
  });
  if (generate.code !== 0) {
    throw new Error(`go generate (CoreDNS plugins) failed: ${tail(generate.stderr, 3)}`);
  }
  log(`  CoreDNS with ${COREDNS_PLUGINS.length} plugins (plugin.cfg rewritten, go generate)`);
}

const COREDNS: KubeSource = {
  name: 'coredns',
  module: 'github.com/coredns/coredns',
  version: versions.coredns,
  prepare: prepareCoredns,
  ldflags: `-s -w -X github.com/coredns/coredns/coremain.GitCommit=v${versions.coredns}`,
  verify: () => ({ args: ['-version'], expect: `CoreDNS-${versions.coredns}` }),
};

// The same module copy and workarounds as the bootstrap's daprd, placement, scheduler and sentry
// (go-recipes.ts), built here because only the cluster needs them.
const DAPR_VERSION = versionOf('daprd');
const DAPR: KubeSource = {
  name: 'dapr',
  module: 'github.com/dapr/dapr',
  version: DAPR_VERSION,
  prepare: (dir, log) => prepareDapr({ dir, probeCwd: toolsDir(), log }),
  ldflags: `-s -w ${daprLdflags}`,
  // Both log `Starting Dapr … -- version 1.18.3 -- commit …` first, then look for a cluster.
  verify: () => ({ args: [], expect: `-- version ${DAPR_VERSION} --`, untilSeen: true }),
};

const RECIPES: Record<KubeTool, { source: KubeSource; pkg: string }> = {
  'kube-apiserver': { source: KUBERNETES, pkg: './cmd/kube-apiserver' },
  kubectl: { source: KUBERNETES, pkg: './cmd/kubectl' },
  'kube-controller-manager': { source: KUBERNETES, pkg: './cmd/kube-controller-manager' },
  'kube-scheduler': { source: KUBERNETES, pkg: './cmd/kube-scheduler' },
  kubelet: { source: KUBERNETES, pkg: './cmd/kubelet' },
  'kube-proxy': { source: KUBERNETES, pkg: './cmd/kube-proxy' },
  etcd: { source: ETCD, pkg: '.' },
  helm: { source: HELM, pkg: './cmd/helm' },
  coredns: { source: COREDNS, pkg: '.' },
  operator: { source: DAPR, pkg: './cmd/operator' },
  injector: { source: DAPR, pkg: './cmd/injector' },
};

/** Where a Kubernetes tool lives once built: `<toolsDir>/kubernetes-1.34.2/kubectl`. */
export function kubeToolPath(tool: KubeTool): string {
  const { source } = RECIPES[tool];
  return path.join(toolsDir(), `${source.name}-${source.version}`, tool);
}

async function verify(tool: KubeTool, bin: string): Promise<string | undefined> {
  const { args, expect, untilSeen } = RECIPES[tool].source.verify(tool);
  const result = await run(bin, args, {
    timeoutMs: 30_000,
    // A scratch dir and no cluster to find: the server exits or is stopped once it has said it.
    cwd: untilSeen ? toolsDir() : undefined,
    env: untilSeen ? { ...process.env, KUBECONFIG: '/dev/null' } : undefined,
    stopWhen: untilSeen ? (line) => line.includes(expect) : undefined,
  });
  const output = `${result.stdout}${result.stderr}`;
  // A server stopped once it has said its version exits by SIGKILL, or on its own with an error
  // about the missing cluster; either way the line is what counts.
  if ((result.code === 0 || untilSeen) && output.includes(expect)) return undefined;
  return `\`${tool} ${args.join(' ')}\` did not report ${expect}: ${tail(output, 2)}`;
}

/**
 * Makes sure each tool is built and reports its pinned version; builds the missing ones from
 * the Go module proxy (one source copy per module, deleted afterwards: Go's build cache keeps a
 * rebuild fast). Returns each tool's path.
 */
export async function ensureKubeTools(
  tools: KubeTool[],
  log: Logger,
): Promise<Record<KubeTool, string>> {
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const paths = {} as Record<KubeTool, string>;
  const missing: KubeTool[] = [];
  for (const tool of tools) {
    paths[tool] = kubeToolPath(tool);
    if (!existsSync(paths[tool]) || (await verify(tool, paths[tool]))) missing.push(tool);
  }
  if (missing.length === 0) return paths;

  // Its own lock: these files are not the other tools', so a running `npm run setup` need not
  // finish first.
  const lockDir = path.join(dir, 'kube');
  mkdirSync(lockDir, { recursive: true });
  await withLock(lockDir, log, async () => {
    const go = await goToolchain();
    if ('problem' in go) throw new Error(go.problem);
    const sources = new Map<string, string>();
    try {
      for (const tool of missing) {
        // Another process may have built it while this one waited for the lock.
        if (existsSync(paths[tool]) && !(await verify(tool, paths[tool]))) continue;
        const { source, pkg } = RECIPES[tool];
        let src = sources.get(source.name);
        if (!src) {
          src = await copySource(source, dir, log);
          sources.set(source.name, src);
        }
        await buildOne(tool, src, pkg, source, log);
      }
    } finally {
      for (const src of sources.values()) await removeTree(src);
    }
  });
  return paths;
}

async function copySource(source: KubeSource, root: string, log: Logger): Promise<string> {
  const modAtVersion = `${source.module}@v${source.version}`;
  log(`  go mod download ${modAtVersion} …`);
  const probe = await probeModule(modAtVersion, root);
  if (!probe.ok) throw new Error(`go mod download ${modAtVersion} failed: ${probe.error}`);
  // The module cache is read-only and shared; the edits go into a private copy.
  const dir = path.join(root, 'src', `${source.name}-${source.version}-${process.pid}`);
  mkdirSync(path.dirname(dir), { recursive: true });
  await copyTree(probe.dir, dir);
  await source.prepare(dir, log);
  return dir;
}

async function buildOne(
  tool: KubeTool,
  dir: string,
  pkg: string,
  source: KubeSource,
  log: Logger,
): Promise<void> {
  const out = kubeToolPath(tool);
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const started = Date.now();
  log(`  go build ${source.module}/${pkg.replace(/^\.\/?/, '')} …`);
  const result = await goBuild({
    tool,
    dir,
    pkg,
    out: tmp,
    ldflags: source.ldflags,
    // -mod=mod: the replaces add go.sum entries the copy lacks.
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: goFlags('-mod=mod'), GOSUMDB: 'off' },
    log,
  });
  if (!result.ok) {
    rmSync(tmp, { force: true });
    throw new Error(`go build ${pkg} failed in ${dir}: ${firstError(result.output)}`);
  }
  const problem = await verify(tool, tmp);
  if (problem) {
    rmSync(tmp, { force: true });
    throw new Error(problem);
  }
  renameSync(tmp, out);
  log(`  built ${tool} ${source.version} in ${formatDuration(Date.now() - started)}`);
}

function goFlags(flag: string): string {
  return `${process.env.GOFLAGS ?? ''} ${flag}`.trim();
}
