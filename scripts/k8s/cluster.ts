/**
 * `npm run k8s:cluster`: the moonshot, a real single-node cluster built here, as far as it goes.
 * Everything runs from a temp dir on this machine and stops at the end: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler (module proxy builds), a private containerd
 * (Debian's, own socket and state, never docker's), the bridge CNI (Debian's
 * containernetworking-plugins, on a pod network this run creates), kubelet and kube-proxy.
 * Each stage prints how long it took; the first that fails stops the run, says why, and the
 * line `furthest: <stage>` names the last one that worked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@ticketing/runner';
import { ensureKubeTools, kubeVersions, toolPath, versionOf } from '@ticketing/toolchain';
import { startApiServer, started, stopProcess, waitFor, type ApiServer } from './api-server';
import { imageArchive, pauseImage } from './images';
import { DNS_IP } from './control-plane';
import { rssMiB, runOnCluster, type Later } from './cluster-stages';
import { BRIDGE, claimHost, recordRun, releaseHost, restoreHost, type HostState } from './host';
import { runAsync, stopInFlight } from './proc';
import type { ChildProcess } from 'node:child_process';

const log = (line: string) => process.stdout.write(`${line}\n`);
const POD_CIDR = '10.244.0.0/16';
const SERVICE_CIDR = '10.96.0.0/16';
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
const NODE = 'ticketing-node';
const CNI_BIN = '/usr/lib/cni';
// kubelet refuses a loopback node IP, so the node takes the gateway address of the pod bridge
// this run creates (and deletes); the API server reaches kubelet there, never off the machine.
const NODE_IP = '10.244.0.1';
/**
 * `--dapr`: go on past the stand-in pod to cluster DNS, Helm's Dapr control plane, the apps
 * with injected sidecars and the journey (cluster-stages.ts). Not yet the default: see
 * k8s/README.md for how far it has been run.
 */
const DAPR = process.argv.includes('--dapr');

/**
 * Interrupted (SIGINT, SIGTERM, or the `--timeout=<s>` deadline): the commands in flight are
 * stopped, the stage running fails at once, no further stage starts, and the cleanup below
 * runs. Run as `node --import tsx` (package.json): under the `tsx` command its parent process
 * relays a signal and SIGKILLs this one when it does not acknowledge within 30 ms, which a
 * synchronous spawn prevents, and then nothing is cleaned up.
 */
let interrupted: string | undefined;
let interruptStage: (reason: string) => void = () => undefined;
function interrupt(reason: string): void {
  if (interrupted) {
    log(`${reason}: already cleaning up (${interrupted}), please wait`);
    return;
  }
  interrupted = reason;
  log(`${reason}: stopping the running stage, then cleaning up`);
  stopInFlight();
  interruptStage(reason);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => interrupt(signal));
const TIMEOUT_S = Number(
  /^--timeout=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--timeout=')) ?? '')?.[1] ?? 0,
);
if (TIMEOUT_S > 0) {
  setTimeout(() => interrupt(`timeout (${TIMEOUT_S} s)`), TIMEOUT_S * 1000).unref();
}

const stages: { name: string; ms: number }[] = [];
async function stage<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  if (interrupted) throw new Error(`interrupted (${interrupted}) before: ${name}`);
  const t = Date.now();
  log(`\n=== ${name} ===`);
  // A stage polling on its own (waitFor) would see the signal only at its next deadline.
  const stopped = new Promise<never>((_, reject) => {
    interruptStage = (reason) => reject(new Error(`interrupted (${reason}) during: ${name}`));
  });
  try {
    const result = await Promise.race([Promise.resolve().then(fn), stopped]);
    stages.push({ name, ms: Date.now() - t });
    log(`✓ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    return result;
  } finally {
    interruptStage = () => undefined;
  }
}

function sh(cmd: string, args: string[], input?: Buffer | string): string {
  return execFileSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Debian's containerd, runc, iptables and CNI plugins, installed when missing (as .ci/run
 * installs chromium). */
function ensureDebianPackages(): void {
  const missing = [
    ['containerd', '/usr/bin/containerd'],
    ['runc', '/usr/sbin/runc'],
    ['iptables', '/usr/sbin/iptables'],
    ['containernetworking-plugins', `${CNI_BIN}/bridge`],
  ].filter(([, file]) => !existsSync(file!));
  if (missing.length === 0) return;
  const names = missing.map(([pkg]) => pkg!);
  log(`apt-get install ${names.join(' ')}`);
  sh('apt-get', ['update', '-qq']);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: 'inherit',
  });
}

function containerdConfig(dir: string): string {
  const file = path.join(dir, 'containerd.toml');
  // runc through a wrapper that keeps its debug log and each bundle's spec, for the report.
  const wrapper = path.join(dir, 'runc');
  mkdirSync(path.join(dir, 'specs'), { recursive: true });
  writeFileSync(
    wrapper,
    `#!/bin/sh\nfor a; do [ -n "$prev" ] && [ "$prev" = --bundle ] && cp "$a/config.json" "${dir}/specs/$(basename "$a").json"; prev=$a; done\nexec /usr/sbin/runc --debug --log ${dir}/runc.log "$@"\n`,
    { mode: 0o755 },
  );
  writeFileSync(
    file,
    `version = 2
root = "${dir}/containerd/root"
state = "${dir}/containerd/state"
[grpc]
  address = "${dir}/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  enable_selinux = false
  # This machine refuses a negative oom_score_adj (the sandbox asks for -998): keep containerd's.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    # overlayfs inside this machine's own overlay root is not always allowed.
    snapshotter = "native"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "${wrapper}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN}"
    conf_dir = "${dir}/cni"
`,
  );
  mkdirSync(path.join(dir, 'cni'), { recursive: true });
  // One bridge for this run's pods, on a subnet of its own, masqueraded when leaving.
  writeFileSync(
    path.join(dir, 'cni', '10-ticketing.conflist'),
    JSON.stringify({
      cniVersion: '1.0.0',
      name: 'ticketing',
      plugins: [
        {
          type: 'bridge',
          bridge: BRIDGE,
          isGateway: true,
          // Without it the pods get only the bridge's subnet route: no way to a Service
          // address (kube-dns, the API server, every app) through kube-proxy's rules.
          isDefaultGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.0.0/24' }]] },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        // A docker engine leaves FORWARD's policy at DROP, and with br_netfilter on even
        // traffic between two pods of the bridge passes FORWARD: accept each pod's traffic
        // (CNI-FORWARD, per pod, removed with it).
        { type: 'firewall', backend: 'iptables' },
      ],
    }),
  );
  return file;
}

async function main(): Promise<number> {
  let before: HostState | undefined;
  let kubeProxy: string | undefined;
  const children: ChildProcess[] = [];
  let api: ApiServer | undefined;
  const spawnLogged = (name: string, cmd: string, args: string[]) => {
    const child = started(name, cmd, args, path.join(api!.dir, `${name}.log`));
    children.push(child);
    return child;
  };
  let failure: string | undefined;
  const later: Later = {};
  try {
    const tools = await stage('tools (module proxy builds, cached)', () =>
      ensureKubeTools(
        [
          'etcd',
          'kube-apiserver',
          'kubectl',
          'kube-controller-manager',
          'kube-scheduler',
          'kubelet',
          'kube-proxy',
        ],
        log,
      ),
    );
    await stage('Debian containerd and CNI plugins', ensureDebianPackages);
    // From here on the run changes the machine: one run at a time, and what a killed one left
    // is undone first.
    before = claimHost(log);

    // The pod bridge first: with --dapr, kube-apiserver listens on its gateway address, where
    // this machine's components and the pods (through the `kubernetes` Service) both reach it.
    for (const args of [
      ['link', 'add', BRIDGE, 'type', 'bridge'],
      ['addr', 'add', `${NODE_IP}/24`, 'dev', BRIDGE],
      ['link', 'set', BRIDGE, 'up'],
    ]) {
      sh('ip', args);
    }
    api = await stage('etcd + kube-apiserver', () =>
      startApiServer(
        { etcd: tools.etcd, kubeApiserver: tools['kube-apiserver'], kubectl: tools.kubectl },
        log,
        ['--allow-privileged=true', '--kubelet-preferred-address-types=InternalIP'],
        // Pods reach the API server through the `kubernetes` Service only at an address of
        // theirs; loopback is enough for the stand-in pod.
        DAPR ? NODE_IP : '127.0.0.1',
      ),
    );
    const dir = api.dir;
    const kubectl = api.kubectl;
    recordRun(before, dir);

    await stage('kube-controller-manager + kube-scheduler', async () => {
      spawnLogged('kube-controller-manager', tools['kube-controller-manager'], [
        `--kubeconfig=${api!.kubeconfig}`,
        `--authentication-kubeconfig=${api!.kubeconfig}`,
        `--authorization-kubeconfig=${api!.kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${await freePort()}`,
        `--service-account-private-key-file=${api!.serviceAccountKey}`,
        `--root-ca-file=${api!.servingCert}`,
        `--cluster-cidr=${POD_CIDR}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--allocate-node-cidrs=false',
        '--leader-elect=false',
        '--controllers=*,-nodeipam',
      ]);
      spawnLogged('kube-scheduler', tools['kube-scheduler'], [
        `--kubeconfig=${api!.kubeconfig}`,
        `--authentication-kubeconfig=${api!.kubeconfig}`,
        `--authorization-kubeconfig=${api!.kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${await freePort()}`,
        '--leader-elect=false',
      ]);
      // The default service account appears once the controllers run.
      const deadline = Date.now() + 120_000;
      while (kubectl(['get', 'serviceaccount', 'default']).status !== 0) {
        if (Date.now() > deadline) throw new Error('no default service account after 120 s');
        await new Promise((r) => setTimeout(r, 1000));
      }
    });

    const containerd = await stage('private containerd', async () => {
      const config = containerdConfig(dir);
      const child = spawnLogged('containerd', '/usr/bin/containerd', ['--config', config]);
      const socket = path.join(dir, 'containerd.sock');
      await waitFor('containerd', child, path.join(dir, 'containerd.log'), async () =>
        existsSync(socket),
      );
      return socket;
    });
    const ctrArgs = (args: string[]) => ['--address', containerd, '--namespace', 'k8s.io', ...args];
    const ctr = (args: string[]) => sh('ctr', ctrArgs(args));
    const ctrAsync = async (args: string[]) => {
      const res = await runAsync('ctr', ctrArgs(args));
      if (res.status !== 0) throw new Error(`ctr ${args.join(' ')}: ${res.stderr.trim()}`);
      return res.stdout;
    };

    await stage('pause image (kubernetes build/pause, static) imported', async () => {
      const probe = JSON.parse(
        sh('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${kubeVersions.kubernetes}`]),
      ) as { Dir: string };
      await ctrAsync(['images', 'import', pauseImage(dir, PAUSE_IMAGE, probe.Dir)]);
    });

    await stage('kubelet registers the node, Ready', async () => {
      const kubeletDir = path.join(dir, 'kubelet');
      mkdirSync(kubeletDir, { recursive: true });
      const config = path.join(dir, 'kubelet.yaml');
      writeFileSync(
        config,
        [
          'apiVersion: kubelet.config.k8s.io/v1beta1',
          'kind: KubeletConfiguration',
          `address: ${NODE_IP}`,
          `port: ${await freePort()}`,
          'readOnlyPort: 0',
          `healthzPort: ${await freePort()}`,
          'healthzBindAddress: 127.0.0.1',
          // A throwaway node reached only from this machine: the API server calls it without a
          // client certificate (logs, port-forward).
          'authentication: { anonymous: { enabled: true }, webhook: { enabled: false } }',
          'authorization: { mode: AlwaysAllow }',
          'cgroupDriver: cgroupfs',
          // This machine is itself a container with cgroup v1 and no systemd.
          'failCgroupV1: false',
          'cgroupsPerQOS: false',
          'enforceNodeAllocatable: []',
          'failSwapOn: false',
          'protectKernelDefaults: false',
          `containerRuntimeEndpoint: unix://${containerd}`,
          `podCIDR: 10.244.0.0/24`,
          'resolvConf: /etc/resolv.conf',
          // CoreDNS answers there once the DNS stage has run (cluster-stages.ts).
          ...(DAPR ? [`clusterDNS: [${DNS_IP}]`, 'clusterDomain: cluster.local'] : []),
          'evictionHard: { memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%" }',
          'imageGCHighThresholdPercent: 100',
          '',
        ].join('\n'),
      );
      const kubelet = spawnLogged('kubelet', tools.kubelet, [
        `--config=${config}`,
        `--kubeconfig=${api!.kubeconfig}`,
        `--root-dir=${kubeletDir}`,
        `--cert-dir=${path.join(kubeletDir, 'pki')}`,
        `--hostname-override=${NODE}`,
        `--node-ip=${NODE_IP}`,
        '--v=1',
      ]);
      // `kubectl wait` fails at once on a node that has not registered yet.
      await waitFor(
        'kubelet',
        kubelet,
        path.join(dir, 'kubelet.log'),
        async () => kubectl(['get', 'node', NODE]).status === 0,
      );
      const wait = await api!.kubectlAsync(
        ['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=180s'],
        { timeoutMs: 200_000 },
      );
      if (wait.status !== 0) {
        throw new Error(`node not Ready: ${wait.stderr.trim()}\n${tailOf(dir, 'kubelet')}`);
      }
    });

    await stage('kube-proxy', async () => {
      kubeProxy = tools['kube-proxy'];
      recordRun(before!, dir, kubeProxy);
      spawnLogged('kube-proxy', tools['kube-proxy'], [
        `--kubeconfig=${api!.kubeconfig}`,
        `--hostname-override=${NODE}`,
        `--cluster-cidr=${POD_CIDR}`,
        '--proxy-mode=iptables',
        '--conntrack-max-per-core=0',
        '--bind-address=127.0.0.1',
        `--healthz-bind-address=127.0.0.1:${await freePort()}`,
        `--metrics-bind-address=127.0.0.1:${await freePort()}`,
      ]);
      await new Promise((r) => setTimeout(r, 3000));
    });

    await stage(
      "the dev overlay's stripe-mock Deployment runs, Ready, answers via port-forward",
      async () => {
        // Its image, stripe/stripe-mock, built from the tools bootstrap's own (static) binary.
        const image = `stripe/stripe-mock:v${versionOf('stripe-mock')}`;
        const stripeMock = [{ from: toolPath('stripe-mock'), to: 'bin/stripe-mock' }];
        await ctrAsync([
          'images',
          'import',
          imageArchive(dir, image, stripeMock, {
            entrypoint: ['/bin/stripe-mock'],
            user: '1000:1000',
          }),
        ]);
        const manifest = path.resolve(
          __dirname,
          '..',
          '..',
          'k8s',
          'overlays',
          'dev',
          'stripe-mock.yaml',
        );
        const podT = Date.now();
        const applied = kubectl(['apply', '-n', 'default', '-f', manifest]);
        if (applied.status !== 0) throw new Error(applied.stderr);
        const wait = await api!.kubectlAsync(
          ['-n', 'default', 'rollout', 'status', 'deploy/stripe-mock', '--timeout=90s'],
          { timeoutMs: 200_000 },
        );
        if (wait.status !== 0) {
          const describe = kubectl(['-n', 'default', 'describe', 'pods']).stdout;
          throw new Error(
            `not Ready: ${wait.stderr}\n${describe.split('\n').slice(-20).join('\n')}`,
          );
        }
        const readyMs = Date.now() - podT;
        log(`pod start-to-Ready: ${(readyMs / 1000).toFixed(1)} s`);

        // A real request into the pod network, from 127.0.0.1 through kubelet's port-forward.
        const local = await freePort();
        const forward = spawnLogged('port-forward', tools.kubectl, [
          `--kubeconfig=${api!.kubeconfig}`,
          '-n',
          'default',
          'port-forward',
          '--address=127.0.0.1',
          'svc/stripe-mock',
          `${local}:12111`,
        ]);
        let answer = '';
        const ask = async () => {
          const res = await fetch(`http://127.0.0.1:${local}/v1/customers`, {
            headers: { authorization: 'Bearer sk_test_123' },
          }).catch(() => undefined);
          answer = res ? `${res.status} ${(await res.text()).slice(0, 60)}` : '';
          return res?.status === 200;
        };
        await waitFor('port-forward', forward, path.join(dir, 'port-forward.log'), ask, 60_000);
        log(`GET /v1/customers through port-forward: ${answer.replace(/\s+/g, ' ')}…`);

        // Resident memory of every process this run started, and of the pod's own tasks.
        const components = Object.fromEntries([
          ...Object.entries(api!.pids).map(([n, pid]) => [n, rssMiB(pid)]),
          ...children.map((c) => [path.basename(c.spawnfile), rssMiB(c.pid)]),
        ]);
        const tasks = ctr(['tasks', 'ls'])
          .split('\n')
          .slice(1)
          .map((l) => Number(l.trim().split(/\s+/)[1]))
          .filter((pid) => pid > 0);
        const podMiB = tasks.reduce((sum, pid) => sum + rssMiB(pid), 0);
        log(
          JSON.stringify({
            podStartToReadyMs: readyMs,
            rssMiB: { ...components, podTasks: podMiB },
          }),
        );
      },
    );

    if (DAPR) {
      await runOnCluster({
        api,
        ctr,
        ctrAsync,
        kubectlBin: tools.kubectl,
        stage,
        log,
        spawnLogged,
        pids: () => ({
          ...Object.fromEntries(Object.entries(api!.pids)),
          ...Object.fromEntries(children.map((c) => [path.basename(c.spawnfile), c.pid])),
        }),
        later,
      });
    }
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    // Pods first, through kubelet, so their sandboxes and networks are torn down properly:
    // the controllers that would make them again, then the pods, quickly.
    api?.kubectl(
      ['delete', 'deployment,statefulset,daemonset,replicaset,job', '--all', '-A', '--timeout=60s'],
      { timeoutMs: 90_000 },
    );
    api?.kubectl(['delete', 'pod', '--all', '-A', '--grace-period=2', '--timeout=90s'], {
      timeoutMs: 120_000,
    });
    for (const child of children.reverse()) await stopProcess(child);
    if (later.dockerd) {
      // Only a docker engine this run started.
      spawnSync('kill', [String(later.dockerd)]);
    }
    if (api) {
      // Keep the logs: the run's temp dir goes below.
      const keep = path.resolve(__dirname, '..', '..', 'test-output', 'k8s-cluster');
      mkdirSync(keep, { recursive: true });
      spawnSync('sh', ['-c', `cp -r ${api.dir}/*.log ${api.dir}/specs ${keep}/ 2>/dev/null`]);
    }
    if (before) {
      restoreHost(api?.dir, before, kubeProxy);
      await api?.stop();
      releaseHost();
    }
  }
  log(`\n${JSON.stringify({ stages })}`);
  const furthest = stages.at(-1)?.name ?? 'nothing';
  log(`furthest: ${furthest}`);
  if (failure) log(`stopped: ${failure}`);
  // Each stage reached is a passed test; the one that stopped the run a failed one.
  log(`Tests: ${stages.length} passed, ${failure ? 1 : 0} failed`);
  return failure ? 1 : 0;
}

function tailOf(dir: string, name: string): string {
  try {
    return readFileSync(path.join(dir, `${name}.log`), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-20)
      .join('\n');
  } catch {
    return '';
  }
}

main().then((code) => process.exit(code));
