/**
 * Summarises the V8 CPU profiles a bench's stack wrote (run the bench with CPU_PROFILE_DIR=DIR
 * and bench/support/cpu-profile.cjs required through NODE_OPTIONS; every Node process of the
 * stack inherits both and writes its profile when it exits) into one JSON line per process:
 * which app it was, its sampled CPU, and the top self-time by module and by function. The
 * profiles themselves are tens of MB; this is what goes into the README.
 *
 *   npx tsx bench/profile-summary.ts DIR [--top 12]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { arg } from './support/stack';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = arg('top', 12);

/** Where a frame's code lives: a package, one of ours, Node's own, or V8's pseudo-frames. */
function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = /\/(services\/[^/]+|packages\/[^/]+|web|bench)\//.exec(url);
  return ours ? ours[1]! : url;
}

/** The app a profile belongs to: the service (or the bench) whose sources it ran most. */
function appOf(moduleMs: Map<string, number>): string {
  let best = '(tooling)';
  let bestMs = 0;
  for (const [m, ms] of moduleMs) {
    if ((m.startsWith('services/') || m === 'web' || m === 'bench') && ms > bestMs) {
      best = m;
      bestMs = ms;
    }
  }
  return best;
}

const top = (m: Map<string, number>, totalMs: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, ms]) => ({
      name,
      ms: Math.round(ms),
      pct: Number(((100 * ms) / totalMs).toFixed(1)),
    }));

function summarise(file: string) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byFn = new Map<string, number>();
  const byModule = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    totalMs += ms;
    const mod = moduleOf(f.url, f.functionName);
    const fn = `${f.functionName || '(anonymous)'} ${mod}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
  });
  return {
    file: path.basename(file),
    app: appOf(byModule),
    busyMs: Math.round(totalMs),
    idleMs: Math.round(idleMs),
    topModules: top(byModule, totalMs),
    topFunctions: top(byFn, totalMs),
  };
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx bench/profile-summary.ts DIR [--top 12]\n');
  process.exit(2);
}
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => summarise(path.join(dir, f)))
  .filter((r) => r.busyMs > 0)
  .sort((a, b) => b.busyMs - a.busyMs);
for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
