/**
 * The cluster run's stages after the node is Ready (scripts/k8s/cluster.ts runs them):
 * the Dapr control-plane tools and images, cluster DNS, `helm install` of Dapr, the app images,
 * the `local` overlay with every app pod Ready beside an injected daprd, the purchase journey
 * through `kubectl port-forward` on 127.0.0.1, and what it all weighs in memory.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '@ticketing/runner';
import {
  ensureKubeTools,
  kubeVersions,
  probeModule,
  toolPath,
  toolsDir,
  versionOf,
} from '@ticketing/toolchain';
import * as journey from '../../test/support/journey';
import { waitFor, type ApiServer } from './api-server';
import {
  APP_IMAGES,
  DEV_STAND_INS,
  NAMESPACE,
  appsReady,
  applyOverlay,
  buildAppImages,
  dockerArchive,
} from './apps';
import { DAPR_IMAGES, DAPR_REGISTRY, installDapr, startDns } from './control-plane';
import { daprImage, imageArchive, withLibraries } from './images';

/** What outlives a failed stage and the run's cleanup must undo. */
export interface Later {
  /** A docker engine this run started. */
  dockerd?: number;
}

export interface ClusterContext {
  api: ApiServer;
  ctr: (args: string[]) => string;
  /** ctr without blocking (image imports take minutes on a busy machine). */
  ctrAsync: (args: string[]) => Promise<string>;
  kubectlBin: string;
  stage: <T>(name: string, fn: () => Promise<T> | T) => Promise<T>;
  log: (line: string) => void;
  spawnLogged: (name: string, cmd: string, args: string[]) => ChildProcess;
  /** Every process the run started, by name, for the memory figures. */
  pids: () => Record<string, number | undefined>;
  later: Later;
}

/** Holds this short, so the expiry journey takes seconds (the ConfigMap in the overlay copy). */
const WINDOW_SECONDS = 20;

export async function runOnCluster(ctx: ClusterContext): Promise<void> {
  const { api, ctr, ctrAsync, stage, log } = ctx;
  const dir = api.dir;
  const daprVersion = versionOf('daprd');
  // Unpacked for the snapshotter the CRI uses (containerd.toml), not ctr's default overlayfs.
  const importArchive = (file: string) =>
    ctrAsync(['images', 'import', '--snapshotter', 'native', file]);

  const tools = await stage(
    'Helm, CoreDNS, Dapr operator and injector (module proxy, cached)',
    () => ensureKubeTools(['helm', 'coredns', 'operator', 'injector'], log),
  );

  const corednsImage = `coredns/coredns:${kubeVersions.coredns}`;
  await stage(
    'images: Dapr 1.18.3 (six), CoreDNS and the stand-ins, built here, imported',
    async () => {
      const bins: Record<string, string> = {
        operator: tools.operator,
        injector: tools.injector,
        sentry: toolPath('sentry'),
        placement: toolPath('placement'),
        scheduler: toolPath('scheduler'),
        daprd: toolPath('daprd'),
      };
      for (const name of DAPR_IMAGES) {
        await importArchive(daprImage(dir, DAPR_REGISTRY, daprVersion, name, bins[name]!));
      }
      await importArchive(
        imageArchive(dir, corednsImage, [{ from: tools.coredns, to: 'coredns' }], {
          entrypoint: ['/coredns'],
          user: '65532:65532',
        }),
      );
      // The dev overlay's NATS, as the official image lays it out (nats-server on PATH).
      await importArchive(
        imageArchive(
          dir,
          'nats:2.10.29-alpine',
          [{ from: toolPath('nats-server'), to: 'usr/local/bin/nats-server' }],
          { entrypoint: ['nats-server'], user: '1000:1000' },
        ),
      );
      // FerretDB as MongoDB (compose's MONGO_IMAGE), a static binary.
      await importArchive(
        imageArchive(
          dir,
          `ticketing/ferretdb:${versionOf('ferretdb')}`,
          [
            { from: toolPath('ferretdb'), to: 'usr/local/bin/ferretdb' },
            { to: 'tmp', mode: 0o1777 },
          ],
          { entrypoint: ['/usr/local/bin/ferretdb'], user: '999:999' },
        ),
      );
      // Debian's redis-server and the libraries it loads.
      await importArchive(
        imageArchive(
          dir,
          'redis:7',
          withLibraries('/usr/bin/redis-server', 'usr/bin/redis-server'),
          {
            entrypoint: [],
            cmd: ['redis-server'],
            user: '999:999',
          },
        ),
      );
      return ctr(['images', 'ls', '-q']).split('\n').filter(Boolean).length;
    },
  );

  await stage('cluster DNS: CoreDNS as kube-dns, answering through its Service', async () =>
    log(await startDns(api, corednsImage)),
  );

  await stage(
    'Dapr control plane by helm install: operator, injector, sentry, placement, scheduler Ready',
    async () => {
      const probe = await probeModule(`github.com/dapr/dapr@v${daprVersion}`, toolsDir());
      if (!probe.ok) throw new Error(probe.error);
      log(
        await installDapr(api, {
          helm: tools.helm,
          chart: path.join(probe.dir, 'charts', 'dapr'),
          version: daprVersion,
          dir,
        }),
      );
    },
  );

  await stage('app images from the repo Dockerfile (docker), imported', async () => {
    ctx.later.dockerd = await buildAppImages(log);
    let t = Date.now();
    const archive = await dockerArchive(dir, [
      ...APP_IMAGES.map((a) => `ticketing/${a}:latest`),
      ...DEV_STAND_INS,
    ]);
    log(`  docker save (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    t = Date.now();
    await importArchive(archive);
    log(`  ctr images import (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  });

  const timings = await stage(
    'overlays/local applied: every app pod Ready with an injected daprd',
    async () => {
      applyOverlay(api, dir, WINDOW_SECONDS);
      const t = await appsReady(api, 600);
      for (const p of t)
        log(`  ${p.pod} [${p.containers.join(', ')}] Ready ${p.startToReadyS} s after creation`);
      return t;
    },
  );

  const origin = await stage('kubectl port-forward svc/web on 127.0.0.1 answers', async () => {
    const local = await freePort();
    const forward = ctx.spawnLogged('port-forward-web', ctx.kubectlBin, [
      `--kubeconfig=${api.kubeconfig}`,
      '-n',
      NAMESPACE,
      'port-forward',
      '--address=127.0.0.1',
      'svc/web',
      `${local}:80`,
    ]);
    const url = `http://127.0.0.1:${local}`;
    await waitFor(
      'port-forward',
      forward,
      path.join(dir, 'port-forward-web.log'),
      async () => {
        const res = await fetch(`${url}/api/healthz`).catch(() => undefined);
        return res?.status === 200;
      },
      60_000,
    );
    return url;
  });

  await stage('journey: sign up, list, order, pay, complete', async () => {
    const seller = await journey.signUp(origin, 'seller');
    const buyer = await journey.signUp(origin, 'buyer');
    const ticketId = await journey.listTicket(origin, seller.token, 'Cluster');
    await journey.listed(origin, ticketId);
    const order = journey.expectStatus(
      'order',
      await journey.orderWhenKnown(origin, buyer.token, ticketId),
      201,
    );
    const { holderId } = await journey.payAndComplete(
      origin,
      buyer,
      (order.body as { id: string }).id,
      ticketId,
    );
    if (holderId !== buyer.id) throw new Error(`the sold ticket's holder is ${holderId}`);
  });

  await stage(`journey: an unpaid order expires after its ${WINDOW_SECONDS} s window`, async () => {
    const seller = await journey.signUp(origin, 'seller');
    const buyer = await journey.signUp(origin, 'buyer');
    const ticketId = await journey.listTicket(origin, seller.token, 'Cluster');
    const order = journey.expectStatus(
      'order',
      await journey.orderWhenKnown(origin, buyer.token, ticketId),
      201,
    );
    const { id, expiresAt } = order.body as { id: string; expiresAt: string };
    const result = await journey.expiresUnpaid(
      origin,
      buyer,
      id,
      expiresAt,
      ticketId,
      WINDOW_SECONDS,
    );
    if (result.status !== 'cancelled') throw new Error(`the expired order is ${result.status}`);
    log(`  ticket on sale again ${(result.seenLateMs / 1000).toFixed(1)} s after expiresAt`);
  });

  // Resident memory of every process this run started and of each pod's containers.
  const processes = Object.fromEntries(
    Object.entries(ctx.pids()).map(([name, pid]) => [name, rssMiB(pid)]),
  );
  log(
    JSON.stringify({
      podStartToReadyS: Object.fromEntries(timings.map((t) => [t.pod, t.startToReadyS])),
    }),
  );
  log(JSON.stringify({ rssMiB: { ...processes, ...podMemory(ctr) } }));
}

/**
 * Resident memory of the cluster's containers, summed per pod: containerd labels each task's
 * container with its pod's namespace and name.
 */
function podMemory(ctr: (args: string[]) => string): Record<string, number> {
  const perPod: Record<string, number> = {};
  for (const line of ctr(['tasks', 'ls']).split('\n').slice(1)) {
    const [id, pid] = line.trim().split(/\s+/);
    if (!id || !Number(pid)) continue;
    let labels: Record<string, string> = {};
    try {
      labels =
        (JSON.parse(ctr(['containers', 'info', id])) as { Labels?: Record<string, string> })
          .Labels ?? {};
    } catch {
      continue;
    }
    const pod = `pod ${labels['io.kubernetes.pod.namespace']}/${labels['io.kubernetes.pod.name']}`;
    perPod[pod] = (perPod[pod] ?? 0) + rssMiB(Number(pid));
  }
  return perPod;
}

/** A process's resident memory in MiB (0 when it is gone). */
export function rssMiB(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Math.round(Number(kb ?? 0) / 1024);
  } catch {
    return 0;
  }
}
