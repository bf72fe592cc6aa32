import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of whole process groups, from /proc (Linux only; elsewhere undefined). A
 * group, since the runner starts each process as a group leader and some spawn workers
 * (Postgres, for one).
 */
export function groupRss(leaders: number[]): Map<number, number> {
  const out = new Map<number, number>();
  const wanted = new Set(leaders);
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
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces and parentheses).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    if (!wanted.has(pgrp)) continue;
    const rssPages = Number(fields[21]);
    out.set(pgrp, (out.get(pgrp) ?? 0) + rssPages * pageSize());
  }
  return out;
}

let cachedPageSize: number | undefined;
/** The kernel's page size, from this process's own RSS in pages and in kB. */
function pageSize(): number {
  if (cachedPageSize) return cachedPageSize;
  cachedPageSize = 4096;
  try {
    const pages = Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    if (pages > 0 && kb > 0) cachedPageSize = 2 ** Math.round(Math.log2((kb * 1024) / pages));
  } catch {
    // not Linux: keep the common value
  }
  return cachedPageSize;
}
