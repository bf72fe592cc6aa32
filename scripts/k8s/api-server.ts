/**
 * A real Kubernetes API server for proving manifests: etcd and kube-apiserver on 127.0.0.1
 * (free ports, a temp dir), a generated bearer token, and a kubeconfig that carries it.
 * Nothing else of a cluster runs, so nothing is scheduled; server-side dry runs, CRDs and
 * namespaces are real.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@ticketing/runner';
import { runAsync } from './proc';

export interface ApiServerTools {
  etcd: string;
  kubeApiserver: string;
  kubectl: string;
}

export interface ApiServer {
  kubeconfig: string;
  /** Runs kubectl with this server's kubeconfig; never waits for a prompt (no stdin). */
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): KubectlResult;
  /** The same without blocking, for long waits (rollouts) that a signal must be able to end. */
  kubectlAsync(
    args: string[],
    opts?: { input?: string; timeoutMs?: number },
  ): Promise<KubectlResult>;
  stop(): Promise<void>;
  dir: string;
  /** For the cluster's other components: the API port and the service-account signing key. */
  port: number;
  serviceAccountKey: string;
  /** The serving certificate kube-apiserver made (self-signed), for pods' ca.crt. */
  servingCert: string;
  /** Process ids of etcd and kube-apiserver, for memory figures. */
  pids: Record<string, number | undefined>;
}

export interface KubectlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function started(name: string, cmd: string, args: string[], logFile: string): ChildProcess {
  const out = openSync(logFile, 'a');
  // Its own process group, so stop() reaches it and nothing it forks outlives the run.
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], detached: true });
  child.on('error', (err) => {
    writeFileSync(logFile, `${name} failed to start: ${err.message}\n`, { flag: 'a' });
  });
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!killed) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  }
}

function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts etcd and kube-apiserver, waits until the API server is ready, returns a handle. */
export async function startApiServer(
  tools: ApiServerTools,
  log: (line: string) => void,
  extraArgs: string[] = [],
  /**
   * Where kube-apiserver listens and what it advertises: 127.0.0.1, or for a cluster whose pods
   * call it, an address of a bridge the run made on this machine.
   */
  address = '127.0.0.1',
): Promise<ApiServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ticketing-k8s-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];

    const etcdLog = path.join(dir, 'etcd.log');
    const etcd = started(
      'etcd',
      tools.etcd,
      [
        '--name=default',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        '--listen-metrics-urls=',
        // A throwaway store: durability buys nothing and fsync costs seconds on a busy disk.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      etcdLog,
    );
    children.push(etcd);
    await waitFor('etcd', etcd, etcdLog, async () => {
      const res = await fetch(`http://127.0.0.1:${etcdClient}/health`).catch(() => undefined);
      return res?.ok === true;
    });

    // Service-account signing keys and a token for the one admin user.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saPub = path.join(dir, 'sa.pub');
    const saKey = path.join(dir, 'sa.key');
    writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const token = randomBytes(24).toString('hex');
    const tokens = path.join(dir, 'tokens.csv');
    writeFileSync(tokens, `${token},admin,admin,"system:masters"\n`, { mode: 0o600 });

    const certDir = path.join(dir, 'certs');
    mkdirSync(certDir);
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const api = started(
      'kube-apiserver',
      tools.kubeApiserver,
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        `--bind-address=${address}`,
        `--advertise-address=${address}`,
        `--secure-port=${apiPort}`,
        // Self-signed serving certificate made at start; the kubeconfig skips its check
        // (loopback only).
        `--cert-dir=${certDir}`,
        `--token-auth-file=${tokens}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${saPub}`,
        `--service-account-signing-key-file=${saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        '--v=0',
        ...extraArgs,
      ],
      apiLog,
    );
    children.push(api);

    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: local',
        '    cluster:',
        `      server: https://${address}:${apiPort}`,
        '      insecure-skip-tls-verify: true',
        'users:',
        '  - name: admin',
        '    user:',
        `      token: ${token}`,
        'contexts:',
        '  - name: local',
        '    context: { cluster: local, user: admin }',
        'current-context: local',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );

    const kubectl: ApiServer['kubectl'] = (args, opts = {}) => {
      const res = spawnSync(tools.kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
        input: opts.input ?? '',
        encoding: 'utf8',
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
    };

    const kubectlAsync: ApiServer['kubectlAsync'] = (args, opts = {}) =>
      runAsync(tools.kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
        input: opts.input,
        timeoutMs: opts.timeoutMs ?? 120_000,
      });

    await waitFor('kube-apiserver', api, apiLog, async () => {
      const res = kubectl(['get', '--raw=/readyz'], { timeoutMs: 10_000 });
      return res.status === 0 && res.stdout.trim() === 'ok';
    });
    log(`kube-apiserver ready on https://${address}:${apiPort} (etcd on 127.0.0.1:${etcdClient})`);
    return {
      kubeconfig,
      kubectl,
      kubectlAsync,
      stop,
      dir,
      port: apiPort,
      serviceAccountKey: saKey,
      servingCert: path.join(certDir, 'apiserver.crt'),
      pids: { etcd: etcd.pid, 'kube-apiserver': api.pid },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function waitFor(
  name: string,
  child: ChildProcess,
  logFile: string,
  ready: () => Promise<boolean>,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}):\n${logTail(logFile)}`,
      );
    }
    if (await ready()) return;
    await sleep(500);
  }
  throw new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${logTail(logFile)}`);
}
