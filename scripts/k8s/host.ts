/**
 * What the cluster run changes on this machine, and how it is put back: the kernel settings
 * kubelet changes, iptables chains, pod network namespaces, the pod bridge, IP allocations,
 * mounts and the processes containerd's shims keep alive.
 *
 * A run records what it found in RUN_RECORD before it changes anything, so a run that was
 * killed outright (SIGKILL, a lost terminal) is undone by the next one before it starts, and
 * two runs never share the node: the bridge, its subnet and kube-proxy's chains are machine-wide.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BRIDGE = 'tkt0';
const RUN_RECORD = path.join(tmpdir(), 'ticketing-k8s-cluster.json');

/** Kernel settings kubelet changes at start (it needs them so); put back at the end. */
const KUBELET_SYSCTLS = [
  'vm.overcommit_memory',
  'kernel.panic',
  'kernel.panic_on_oops',
  'kernel.keys.root_maxkeys',
  'kernel.keys.root_maxbytes',
];

export interface HostState {
  sysctls: Record<string, string>;
  netns: string[];
  /** The firewall plugin's chain was there before the run (someone else's CNI): keep it. */
  cniForward: boolean;
}

/** What a run is doing to the machine, kept in RUN_RECORD while it runs. */
interface RunRecord {
  pid: number;
  before: HostState;
  /** The run's temp dir, once it has one. */
  dir?: string;
  kubeProxy?: string;
}

export function hostState(): HostState {
  const sysctls = Object.fromEntries(
    KUBELET_SYSCTLS.map((k) => [
      k,
      spawnSync('sysctl', ['-n', k], { encoding: 'utf8' }).stdout.trim(),
    ]),
  );
  const cniForward = spawnSync('iptables', ['-S', 'CNI-FORWARD']).status === 0;
  return { sysctls, netns: listNetns(), cniForward };
}

function listNetns(): string[] {
  return existsSync('/var/run/netns') ? readdirSync('/var/run/netns') : [];
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function parentOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** A live cluster run: a node process running this script. */
function isClusterRun(pid: number | undefined): boolean {
  return pid !== undefined && /\bscripts\/k8s\/cluster\.ts\b/.test(cmdline(pid));
}

/**
 * Before a run changes anything: refuses when another run holds the node, undoes what a run
 * that died without its cleanup left behind, then records this run. Returns what it undid.
 */
export function claimHost(log: (line: string) => void): HostState {
  if (existsSync(RUN_RECORD)) {
    const old = JSON.parse(readFileSync(RUN_RECORD, 'utf8')) as RunRecord;
    if (old.pid !== process.pid && isClusterRun(old.pid)) {
      throw new Error(`another cluster run (pid ${old.pid}) holds the node; wait for it to end`);
    }
    log(`a previous run (pid ${old.pid}) ended without its cleanup: undoing what it left`);
    restoreHost(old.dir, old.before, old.kubeProxy);
    if (old.dir) rmSync(old.dir, { recursive: true, force: true });
    rmSync(RUN_RECORD, { force: true });
  }
  // Any other run, recorded or not (one from before runs were recorded), even one still
  // building its tools: this process and the npm, sh or tsx above it are not others.
  const mine = new Set<number>();
  for (let p: number | undefined = process.pid; p && p > 1; p = parentOf(p)) mine.add(p);
  const other = pids().find((p) => !mine.has(p) && isClusterRun(p));
  if (other) throw new Error(`another cluster run (pid ${other}) holds the node; wait for it`);
  // A run from before runs were recorded, killed: its containerd (and kubelet) name its dir.
  for (const pid of pids()) {
    const dir = /(\/\S*\/ticketing-k8s-[^/\s]+)\/containerd\.toml/.exec(cmdline(pid))?.[1];
    if (!dir) continue;
    if (isClusterRun(parentOf(pid))) {
      throw new Error(`another cluster run (pid ${parentOf(pid)}) holds the node; wait for it`);
    }
    log(`containerd of a run that died (${dir}): undoing what it left`);
    // Its original kernel settings are unknown; its pod namespaces are containerd's `cni-*`.
    const now = hostState();
    restoreHost(dir, { ...now, netns: now.netns.filter((n) => !n.startsWith('cni-')) }, undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  spawnSync('ip', ['link', 'delete', BRIDGE], { stdio: 'ignore' });
  const before = hostState();
  writeRecord({ pid: process.pid, before });
  return before;
}

function writeRecord(record: RunRecord): void {
  writeFileSync(RUN_RECORD, JSON.stringify(record));
}

/** Adds the run's temp dir and kube-proxy to the record, once they exist. */
export function recordRun(before: HostState, dir: string, kubeProxy?: string): void {
  writeRecord({ pid: process.pid, before, dir, kubeProxy });
}

/** The run's cleanup has finished: nothing left to undo. */
export function releaseHost(): void {
  rmSync(RUN_RECORD, { force: true });
}

/**
 * Leaves the machine as the run found it: container processes (containerd's shims outlive it),
 * the kernel settings and iptables chains kubelet and kube-proxy made, pod network namespaces,
 * the bridge, IP allocations and mounts.
 */
export function restoreHost(
  dir: string | undefined,
  before: HostState,
  kubeProxy: string | undefined,
): void {
  if (dir) {
    const all = pids();
    const mine = all.filter((p) => cmdline(p).includes(dir));
    // The shims and whatever runs under them (pause, the apps): each container's first
    // process, whose end ends its pid namespace.
    for (const pid of mine) {
      for (const kid of all.filter((p) => parentOf(p) === pid)) {
        spawnSync('kill', ['-9', String(kid)]);
      }
      spawnSync('kill', ['-9', String(pid)]);
    }
  }
  for (const [key, value] of Object.entries(before.sysctls)) {
    if (value) spawnSync('sysctl', ['-q', '-w', `${key}=${value}`]);
  }
  if (kubeProxy) spawnSync(kubeProxy, ['--cleanup'], { stdio: 'ignore' });
  for (const cmd of ['iptables', 'ip6tables']) {
    for (const hook of ['INPUT', 'OUTPUT']) spawnSync(cmd, ['-D', hook, '-j', 'KUBE-FIREWALL']);
    spawnSync(cmd, ['-F', 'KUBE-FIREWALL']);
    spawnSync(cmd, ['-X', 'KUBE-FIREWALL']);
    for (const table of ['filter', 'nat', 'mangle']) {
      for (const chain of ['KUBE-KUBELET-CANARY', 'KUBE-IPTABLES-HINT']) {
        spawnSync(cmd, ['-t', table, '-X', chain]);
      }
    }
  }
  // The firewall plugin's chains (its per-pod rules went with the pods). Its jump from FORWARD
  // carries a comment, so it is deleted by its whole rule as `iptables -S` prints it.
  if (!before.cniForward) {
    const forward = spawnSync('iptables', ['-S', 'FORWARD'], { encoding: 'utf8' }).stdout;
    for (const rule of forward.split('\n').filter((r) => r.endsWith('-j CNI-FORWARD'))) {
      spawnSync('sh', ['-c', `iptables ${rule.replace(/^-A /, '-D ')}`]);
    }
    for (const op of ['-F', '-X']) {
      for (const chain of ['CNI-FORWARD', 'CNI-ADMIN']) spawnSync('iptables', [op, chain]);
    }
  }
  const keep = new Set(before.netns);
  for (const ns of listNetns()) if (!keep.has(ns)) spawnSync('ip', ['netns', 'delete', ns]);
  spawnSync('ip', ['link', 'delete', BRIDGE], { stdio: 'ignore' });
  rmSync('/var/lib/cni/networks/ticketing', { recursive: true, force: true });
  if (dir) {
    spawnSync('sh', [
      '-c',
      `grep -o '${dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`,
    ]);
  }
}
