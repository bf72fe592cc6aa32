/**
 * The apps on the single-node cluster: their images from the repo's Dockerfile (as
 * `docker compose build` makes them, in the docker engine that scripts/compose starts), and the
 * `local` overlay (dev, adapted to this machine) applied with the volumes its StatefulSets claim.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiServer } from './api-server';
import { podReport, rolledOut } from './control-plane';
import { runAsync } from './proc';

const ROOT = path.resolve(__dirname, '..', '..');
export const NAMESPACE = 'ticketing';
/** Every image the overlay's pods run that the Dockerfiles make (compose's image names). */
export const APP_IMAGES = [
  'auth',
  'tickets',
  'orders',
  'payments',
  'expiration',
  'comments',
  'insights',
  'web',
  'jetstream-init',
];
/**
 * The dev overlay's tracing and mail images, as the compose stand-ins make them in docker
 * (scripts/compose/stand-in-images.sh) under the public names the overlay pulls.
 */
export const DEV_STAND_INS = ['jaegertracing/jaeger:2.13.0', 'axllent/mailpit:v1.33.1'];
/** Deployments that run beside an injected daprd. */
export const DAPR_APPS = APP_IMAGES.filter((a) => a !== 'jetstream-init');

async function step(
  log: (l: string) => void,
  cmd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const started = Date.now();
  const res = await runAsync(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, DOCKER_BUILDKIT: '0', ...env },
  });
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${(res.stderr || res.stdout).slice(-3000)}`);
  }
  log(`  ${cmd} ${args.slice(0, 3).join(' ')} … (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return res.stdout;
}

/**
 * A docker engine (scripts/compose/ensure-docker.sh: Debian's docker.io, started when none
 * answers), the stand-in base images, then every app image. Docker's layer cache makes this a
 * few seconds when the compose step has just built the same checkout. Returns the pid of a
 * dockerd this run started (to stop at the end).
 */
export async function buildAppImages(log: (l: string) => void): Promise<number | undefined> {
  const out = await step(log, 'bash', ['scripts/compose/ensure-docker.sh']);
  const last = out.trim().split('\n').at(-1) ?? '';
  const started = last.startsWith('started ') ? Number(last.slice(8)) : undefined;
  await step(log, 'bash', ['scripts/compose/stand-in-images.sh']);
  let ca = '';
  try {
    ca = spawnSync('sh', ['-c', 'cat /usr/local/share/ca-certificates/*.crt 2>/dev/null'], {
      encoding: 'utf8',
    }).stdout;
  } catch {
    // No proxy CA on this machine.
  }
  const env = { EXTRA_CA_CERT: ca };
  const caArg = ['--build-arg', 'EXTRA_CA_CERT'];
  await step(
    log,
    'docker',
    ['build', '-q', '--target', 'build', ...caArg, '-t', 'ticketing/build:latest', '.'],
    env,
  );
  for (const app of APP_IMAGES) {
    const args =
      app === 'insights'
        ? [
            'build',
            '-q',
            '-f',
            'services/insights/Dockerfile',
            '-t',
            `ticketing/${app}:latest`,
            '.',
          ]
        : [
            'build',
            '-q',
            ...caArg,
            '--build-arg',
            `APP=${app}`,
            ...(app === 'web' ? ['--build-arg', 'HEALTH_PATH=/api/healthz'] : []),
            '-t',
            `ticketing/${app}:latest`,
            '.',
          ];
    await step(log, 'docker', args, env);
  }
  return started;
}

/** `docker save` of the given images into one archive for `ctr images import`. */
export async function dockerArchive(dir: string, tags: string[]): Promise<string> {
  const file = path.join(dir, 'images', 'docker-images.tar');
  mkdirSync(path.dirname(file), { recursive: true });
  const res = await runAsync('docker', ['save', '-o', file, ...tags]);
  if (res.status !== 0) throw new Error(`docker save: ${res.stderr}`);
  return file;
}

/**
 * hostPath PersistentVolumes (in the run's dir) bound to the claims the overlay's StatefulSets
 * make: this node has no provisioner, as an operator's cluster would.
 */
function volumesFor(api: ApiServer, dir: string, claims: { name: string; size: string }[]) {
  for (const { name, size } of claims) {
    const hostDir = path.join(dir, 'volumes', name);
    mkdirSync(hostDir, { recursive: true });
    // hostPath has no fsGroup: the pods' non-root users must be able to write it.
    chmodSync(hostDir, 0o777);
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `${NAMESPACE}-${name}` },
      spec: {
        capacity: { storage: size },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: '',
        hostPath: { path: hostDir, type: 'Directory' },
        claimRef: { namespace: NAMESPACE, name },
      },
    };
    const res = api.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pv) });
    if (res.status !== 0) throw new Error(`PersistentVolume ${name}: ${res.stderr}`);
  }
}

/**
 * Applies `k8s/overlays/local` from a copy of k8s/ (its secret files made by make-secrets.sh,
 * never in the repo), with a short hold window so an order expires within the journey.
 */
export function applyOverlay(api: ApiServer, dir: string, windowSeconds: number): void {
  const copy = path.join(dir, 'k8s');
  cpSync(path.join(ROOT, 'k8s'), copy, { recursive: true });
  const settings = path.join(copy, 'base', 'settings.yaml');
  const before = readFileSync(settings, 'utf8');
  const after = before.replace(
    /expiration-window-seconds: '\d+'/,
    `expiration-window-seconds: '${windowSeconds}'`,
  );
  if (after === before) throw new Error('base/settings.yaml has no expiration-window-seconds');
  writeFileSync(settings, after);
  const made = spawnSync('bash', [path.join(copy, 'make-secrets.sh'), 'dev'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`make-secrets.sh dev: ${made.stderr}`);
  volumesFor(api, dir, [
    { name: 'data-mongo-0', size: '2Gi' },
    { name: 'data-nats-0', size: '1Gi' },
  ]);
  const res = api.kubectl(['apply', '-k', path.join(copy, 'overlays', 'local')]);
  if (res.status !== 0) throw new Error(`kubectl apply -k overlays/local: ${res.stderr}`);
}

export interface PodTiming {
  pod: string;
  containers: string[];
  startToReadyS: number;
}

/**
 * Waits for every Deployment and StatefulSet of the namespace and the JetStream Job; then each
 * app pod must have the `daprd` container the injector adds. Returns each pod's containers and
 * its creation-to-Ready time.
 */
export async function appsReady(api: ApiServer, timeoutS: number): Promise<PodTiming[]> {
  await rolledOut(api, NAMESPACE, timeoutS);
  const job = await api.kubectlAsync(
    ['-n', NAMESPACE, 'wait', '--for=condition=complete', 'job/jetstream-init', '--timeout=120s'],
    { timeoutMs: 150_000 },
  );
  if (job.status !== 0)
    throw new Error(`jetstream-init: ${job.stderr}\n${podReport(api, NAMESPACE)}`);
  const pods = JSON.parse(api.kubectl(['-n', NAMESPACE, 'get', 'pods', '-o', 'json']).stdout) as {
    items: {
      metadata: { name: string; creationTimestamp: string; labels: Record<string, string> };
      spec: { containers: { name: string }[] };
      status: { conditions?: { type: string; status: string; lastTransitionTime: string }[] };
    }[];
  };
  const timings: PodTiming[] = [];
  for (const pod of pods.items) {
    const ready = pod.status.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
    if (!ready) continue; // the finished Job's pod
    timings.push({
      pod: pod.metadata.name,
      containers: pod.spec.containers.map((c) => c.name),
      startToReadyS:
        (Date.parse(ready.lastTransitionTime) - Date.parse(pod.metadata.creationTimestamp)) / 1000,
    });
  }
  const missing = DAPR_APPS.filter(
    (app) => !timings.some((t) => t.pod.startsWith(`${app}-`) && t.containers.includes('daprd')),
  );
  if (missing.length > 0) {
    throw new Error(
      `no Ready pod with an injected daprd for: ${missing.join(', ')}\n${podReport(api, NAMESPACE)}`,
    );
  }
  return timings;
}
