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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@ticketing/runner';
import { ensureKubeTools, kubeVersions } from '@ticketing/toolchain';
import { startApiServer, started, stopProcess, waitFor, type ApiServer } from './api-server';
import type { ChildProcess } from 'node:child_process';

const log = (line: string) => process.stdout.write(`${line}\n`);
const POD_CIDR = '10.244.0.0/16';
const SERVICE_CIDR = '10.96.0.0/16';
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
const NODE = 'ticketing-node';
const CNI_BIN = '/usr/lib/cni';

const stages: { name: string; ms: number }[] = [];
async function stage<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const t = Date.now();
  log(`\n=== ${name} ===`);
  const result = await fn();
  stages.push({ name, ms: Date.now() - t });
  log(`✓ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return result;
}

function sh(cmd: string, args: string[], input?: Buffer | string): string {
  return execFileSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Debian's containerd and CNI plugins, installed when missing (as .ci/run installs chromium). */
function ensureDebianPackages(): void {
  const missing = [
    ['containerd', '/usr/bin/containerd'],
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

/**
 * The sandbox ("pause") image, which no registry can give us: kubernetes' own pause.c from the
 * module, compiled static, packed as a one-layer docker-archive for `ctr images import`.
 */
function pauseImageArchive(dir: string, k8sModuleDir: string): string {
  const work = path.join(dir, 'pause');
  mkdirSync(path.join(work, 'rootfs'), { recursive: true });
  sh('gcc', [
    '-Os',
    '-static',
    '-o',
    path.join(work, 'rootfs', 'pause'),
    path.join(k8sModuleDir, 'build', 'pause', 'linux', 'pause.c'),
  ]);
  const layer = path.join(work, 'layer.tar');
  sh('tar', ['-C', path.join(work, 'rootfs'), '-cf', layer, 'pause']);
  const diffId = `sha256:${createHash('sha256').update(readFileSync(layer)).digest('hex')}`;
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Entrypoint: ['/pause'], User: '65535:65535' },
    rootfs: { type: 'layers', diff_ids: [diffId] },
  });
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  writeFileSync(path.join(work, configName), config);
  writeFileSync(
    path.join(work, 'manifest.json'),
    JSON.stringify([{ Config: configName, RepoTags: [PAUSE_IMAGE], Layers: ['layer.tar'] }]),
  );
  const archive = path.join(dir, 'pause.tar');
  sh('tar', ['-C', work, '-cf', archive, 'manifest.json', configName, 'layer.tar']);
  return archive;
}

function containerdConfig(dir: string): string {
  const file = path.join(dir, 'containerd.toml');
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
  [plugins."io.containerd.grpc.v1.cri".containerd]
    # overlayfs inside this machine's own overlay root is not always allowed.
    snapshotter = "native"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
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
          bridge: 'tkt0',
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.0.0/24' }]] },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    }),
  );
  return file;
}

async function main(): Promise<number> {
  const children: ChildProcess[] = [];
  let api: ApiServer | undefined;
  const spawnLogged = (name: string, cmd: string, args: string[]) => {
    const child = started(name, cmd, args, path.join(api!.dir, `${name}.log`));
    children.push(child);
    return child;
  };
  let failure: string | undefined;
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

    api = await stage('etcd + kube-apiserver', () =>
      startApiServer(
        { etcd: tools.etcd, kubeApiserver: tools['kube-apiserver'], kubectl: tools.kubectl },
        log,
        ['--allow-privileged=true'],
      ),
    );
    const dir = api.dir;
    const kubectl = api.kubectl;

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
    const ctr = (args: string[], input?: Buffer) =>
      sh('ctr', ['--address', containerd, '--namespace', 'k8s.io', ...args], input);

    await stage('pause image (kubernetes build/pause, static) imported', () => {
      const probe = JSON.parse(
        sh('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${kubeVersions.kubernetes}`]),
      ) as { Dir: string };
      ctr(['images', 'import', pauseImageArchive(dir, probe.Dir)]);
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
          'address: 127.0.0.1',
          `port: ${await freePort()}`,
          'readOnlyPort: 0',
          `healthzPort: ${await freePort()}`,
          'healthzBindAddress: 127.0.0.1',
          'authentication: { anonymous: { enabled: false }, webhook: { enabled: true } }',
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
          'evictionHard: { memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%" }',
          'imageGCHighThresholdPercent: 100',
          '',
        ].join('\n'),
      );
      spawnLogged('kubelet', tools.kubelet, [
        `--config=${config}`,
        `--kubeconfig=${api!.kubeconfig}`,
        `--root-dir=${kubeletDir}`,
        `--cert-dir=${path.join(kubeletDir, 'pki')}`,
        `--hostname-override=${NODE}`,
        '--node-ip=127.0.0.1',
        '--v=1',
      ]);
      const wait = kubectl(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=180s'], {
        timeoutMs: 200_000,
      });
      if (wait.status !== 0) {
        throw new Error(`node not Ready: ${wait.stderr.trim()}\n${tailOf(dir, 'kubelet')}`);
      }
    });

    await stage('kube-proxy', async () => {
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

    await stage('a pod from an app image runs and is Ready', async () => {
      // The compose step's image, exported from docker (read only) into this run's containerd.
      const image = 'ticketing/jetstream-init:latest';
      const archive = path.join(dir, 'image.tar');
      const saved = spawnSync('docker', ['save', '-o', archive, image]);
      if (saved.status !== 0) throw new Error(`docker save ${image}: ${saved.stderr}`);
      ctr(['images', 'import', archive]);
      const podT = Date.now();
      const pod = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: probe, namespace: default }',
        'spec:',
        '  containers:',
        '    - name: node',
        `      image: ${image}`,
        '      imagePullPolicy: Never',
        '      command: [node, -e]',
        '      args:',
        `        - "require('http').createServer((q, s) => s.end('ok')).listen(8080)"`,
        '      readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }',
      ].join('\n');
      const applied = kubectl(['apply', '-f', '-'], { input: pod });
      if (applied.status !== 0) throw new Error(applied.stderr);
      const wait = kubectl(['wait', '--for=condition=Ready', 'pod/probe', '--timeout=180s'], {
        timeoutMs: 200_000,
      });
      if (wait.status !== 0) {
        const describe = kubectl(['describe', 'pod', 'probe']).stdout;
        throw new Error(
          `pod not Ready: ${wait.stderr}\n${describe.split('\n').slice(-15).join('\n')}`,
        );
      }
      log(`pod start-to-Ready: ${((Date.now() - podT) / 1000).toFixed(1)} s`);
    });
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    for (const child of children.reverse()) await stopProcess(child);
    if (api) {
      // Pod sandboxes are gone with containerd; their network and mounts go with the temp dir.
      spawnSync('ip', ['link', 'delete', 'tkt0']);
      spawnSync('sh', [
        '-c',
        `grep -o '${api.dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`,
      ]);
      await api.stop();
    }
  }
  log(`\n${JSON.stringify({ stages })}`);
  const furthest = stages.at(-1)?.name ?? 'nothing';
  log(`furthest: ${furthest}`);
  if (failure) {
    log(`stopped: ${failure}`);
    return 1;
  }
  return 0;
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
