/**
 * The per-run name resolution (Dapr's SQLite resolver): every sidecar configuration gets it, and
 * its timing leaves a late renewal room before an app drops out of resolution.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { NAME_RESOLUTION_TIMING, writeSidecarConfig } from '../src/daprd-args';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const seconds = (d: string): number => {
  const m = /^(\d+)s$/.exec(d);
  if (!m) throw new Error(`not whole seconds: ${d}`);
  return Number(m[1]);
};

/**
 * The resolver's rules, from components-contrib 1.18 `nameresolution/sqlite`: rows store
 * `unixepoch(CURRENT_TIMESTAMP)` (whole seconds), a renewal ticks every `updateInterval -
 * timeout`, and a row answers while `floor(now) - last_update < updateInterval`. Returns the
 * longest a renewal may run late, over every sub-second phase, before its app stops resolving.
 */
function worstRenewalSlackMs(updateIntervalS: number, timeoutS: number): number {
  let worst = Infinity;
  for (let phaseMs = 0; phaseMs < 1000; phaseMs += 1) {
    const writtenAtMs = 10_000 + phaseMs;
    const stored = Math.floor(writtenAtMs / 1000);
    const lapsesAtMs = (stored + updateIntervalS) * 1000; // first instant it no longer answers
    const nextRenewalMs = writtenAtMs + (updateIntervalS - timeoutS) * 1000;
    worst = Math.min(worst, lapsesAtMs - nextRenewalMs);
  }
  return worst;
}

describe('name resolution for a run', () => {
  it('when a sidecar configuration is written, then it resolves through this run’s SQLite file with the tolerant timing', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nr-'));
    const file = writeSidecarConfig(ROOT, 'dapr/config.yaml', dataDir);
    const spec = parseYaml(readFileSync(file, 'utf8')).spec;
    expect(spec.nameResolution).toEqual({
      component: 'sqlite',
      version: 'v1',
      configuration: {
        connectionString: path.join(dataDir, 'nameresolution.db'),
        ...NAME_RESOLUTION_TIMING,
      },
    });
  });

  it('when the timing is checked against the resolver’s whole-second rule, then a renewal may be 3 s late, and the old 2 s interval allowed none', () => {
    const interval = seconds(NAME_RESOLUTION_TIMING.updateInterval);
    const timeout = seconds(NAME_RESOLUTION_TIMING.timeout);
    // The component refuses an interval less than 1 s over the timeout.
    expect(interval - timeout).toBeGreaterThanOrEqual(1);
    expect(worstRenewalSlackMs(interval, timeout)).toBeGreaterThanOrEqual(2_900);
    // What it was (2 s, default 1 s timeout): a renewal 1 ms late could lose the app.
    expect(worstRenewalSlackMs(2, 1)).toBeLessThanOrEqual(1);
  });
});
