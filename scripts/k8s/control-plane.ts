/**
 * What runs on the single-node cluster once the node is Ready: cluster DNS (CoreDNS as
 * kube-dns) and the Dapr control plane installed by Helm from the dapr module's own chart.
 * Each function waits until what it started is Ready and throws, with the pods' state, when
 * it does not get there.
 */
import { Resolver } from 'node:dns/promises';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiServer } from './api-server';
import { runAsync } from './proc';

export const DNS_IP = '10.96.0.10';
export const DAPR_NAMESPACE = 'dapr-system';
/** The chart's image names, built by images.ts as `<registry>/<name>:<tag>`. */
export const DAPR_REGISTRY = 'daprio';
export const DAPR_IMAGES = ['operator', 'injector', 'sentry', 'placement', 'scheduler', 'daprd'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pods of a namespace and why they are not Ready, for an error message. */
export function podReport(api: ApiServer, namespace: string): string {
  const pods = api.kubectl(['-n', namespace, 'get', 'pods', '-o', 'wide']).stdout;
  const events = api
    .kubectl(['-n', namespace, 'get', 'events', '--sort-by=.lastTimestamp'])
    .stdout.split('\n')
    .slice(-15)
    .join('\n');
  return `${pods}\n${events}`;
}

/** Waits for every Deployment and StatefulSet of a namespace to roll out. */
export async function rolledOut(
  api: ApiServer,
  namespace: string,
  timeoutS: number,
): Promise<void> {
  const started = Date.now();
  for (const kind of ['deployment', 'statefulset']) {
    const names = api
      .kubectl(['-n', namespace, 'get', kind, '-o', 'name'])
      .stdout.split('\n')
      .filter(Boolean);
    for (const name of names) {
      const left = Math.max(10, timeoutS - Math.round((Date.now() - started) / 1000));
      const res = await api.kubectlAsync(
        ['-n', namespace, 'rollout', 'status', name, `--timeout=${left}s`],
        { timeoutMs: (left + 20) * 1000 },
      );
      if (res.status !== 0) {
        throw new Error(
          `${namespace}/${name} not Ready: ${res.stderr.trim()}\n${podReport(api, namespace)}`,
        );
      }
    }
  }
}

/** CoreDNS as kube-dns at DNS_IP; proven by resolving the API server's Service through it. */
export async function startDns(api: ApiServer, image: string): Promise<string> {
  const manifest = readFileSync(path.join(__dirname, 'manifests', 'coredns.yaml'), 'utf8')
    .replaceAll('__DNS_IP__', DNS_IP)
    .replaceAll('__IMAGE__', image);
  const applied = api.kubectl(['apply', '-f', '-'], { input: manifest });
  if (applied.status !== 0) throw new Error(`coredns apply: ${applied.stderr}`);
  await rolledOut(api, 'kube-system', 180);
  // From this machine to the Service address, through kube-proxy's rules, to the pod.
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([DNS_IP]);
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const [ip] = await resolver.resolve4('kubernetes.default.svc.cluster.local');
      return `kubernetes.default.svc.cluster.local → ${ip}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
      await sleep(1000);
    }
  }
  throw new Error(`kube-dns at ${DNS_IP} does not answer: ${last}`);
}

export interface DaprInstall {
  helm: string;
  chart: string;
  version: string;
  dir: string;
}

/**
 * `helm install` of the dapr module's charts/dapr with the settings k8s/README.md tells an
 * operator to use (mTLS, actors, scheduler), the images built here, and the scheduler's
 * reminders in memory (this node has no volume provisioner for its PVC).
 */
export async function installDapr(
  api: ApiServer,
  { helm, chart, version, dir }: DaprInstall,
): Promise<string> {
  const home = path.join(dir, 'helm');
  mkdirSync(home, { recursive: true });
  const values = [
    `global.registry=${DAPR_REGISTRY}`,
    `global.tag=${version}`,
    'global.mtls.enabled=true',
    'global.actors.enabled=true',
    'global.scheduler.enabled=true',
    'global.ha.enabled=false',
    'global.prometheus.enabled=false',
    'dapr_scheduler.cluster.inMemoryStorage=true',
    'dapr_sidecar_injector.sidecarDropALLCapabilities=true',
  ];
  const res = await runAsync(
    helm,
    [
      'install',
      'dapr',
      chart,
      `--kubeconfig=${api.kubeconfig}`,
      `--namespace=${DAPR_NAMESPACE}`,
      '--create-namespace',
      ...values.flatMap((v) => ['--set', v]),
    ],
    {
      timeoutMs: 120_000,
      // Helm's cache and config stay in the run's dir.
      env: {
        ...process.env,
        HELM_CACHE_HOME: path.join(home, 'cache'),
        HELM_CONFIG_HOME: path.join(home, 'config'),
        HELM_DATA_HOME: path.join(home, 'data'),
      },
    },
  );
  if (res.status !== 0) throw new Error(`helm install: ${res.stderr || res.stdout}`);
  await rolledOut(api, DAPR_NAMESPACE, 420);
  await injectorTrusted(api);
  return api.kubectl(['-n', DAPR_NAMESPACE, 'get', 'pods']).stdout;
}

/**
 * The chart's webhook has no CA bundle until the injector patches in its own at start, and its
 * failurePolicy is Ignore: a pod created before then would silently get no daprd.
 */
async function injectorTrusted(api: ApiServer): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ca = api.kubectl([
      'get',
      'mutatingwebhookconfiguration',
      'dapr-sidecar-injector',
      '-o',
      'jsonpath={.webhooks[0].clientConfig.caBundle}',
    ]).stdout;
    if (ca.trim().length > 0) return;
    await sleep(1000);
  }
  throw new Error('the sidecar injector did not put its CA bundle in its webhook within 60 s');
}
