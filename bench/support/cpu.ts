import { readdirSync, readFileSync } from 'node:fs';
import type { Stack } from '@ticketing/runner';

/**
 * CPU time of each process group of a stack (an app, its sidecar, FerretDB, Postgres with its
 * backends), from /proc: user + system, with the children it reaped. Read before and after a
 * run, the difference says where the machine's two cores went (Linux only; elsewhere empty).
 */
const TICKS_PER_SECOND = 100;

function groupCpuMs(leaders: Map<number, string>): Map<string, number> {
  const out = new Map<string, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name = leaders.get(Number(f[2]));
    if (!name) continue;
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    out.set(name, (out.get(name) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND);
  }
  return out;
}

export function cpuSnapshot(stack: Stack, names: readonly string[]): Map<string, number> {
  const leaders = new Map<number, string>();
  for (const name of names) {
    let s;
    try {
      s = stack.service(name);
    } catch {
      continue;
    }
    if (s.process?.pid) leaders.set(s.process.pid, name);
    if (s.sidecar?.pid) leaders.set(s.sidecar.pid, `${name}-dapr`);
  }
  return groupCpuMs(leaders);
}

/** CPU milliseconds per unit of work (a hold) by process group, largest first, and the total. */
export function cpuPer(before: Map<string, number>, after: Map<string, number>, units: number) {
  const rows = [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
  const per = (ms: number) => (units ? Number((ms / units).toFixed(2)) : 0);
  return {
    cpuMsPerHold: per(rows.reduce((n, [, ms]) => n + ms, 0)),
    cpuMsPerHoldByProcess: Object.fromEntries(rows.map(([name, ms]) => [name, per(ms)])),
  };
}
