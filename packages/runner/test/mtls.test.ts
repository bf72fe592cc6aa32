/**
 * How a run gets its mTLS: sentry and its credentials, placement's and scheduler's TLS flags,
 * each sidecar's flags and configuration, and nothing of it with `mtls: false`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSpec } from '../src';
import { daprdArgs } from '../src/daprd-args';
import { retireExpiringCa } from '../src/mtls';
import { selectServices } from '../src/plan';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const spec = loadSpec(path.join(ROOT, 'tye.yaml'));

/** A credentials dir holding a root and an issuer valid for `days`. */
function credentials(days: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sentry-'));
  for (const name of ['ca', 'issuer']) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        path.join(dir, `${name === 'ca' ? 'ca' : 'issuer'}.key`),
        '-out',
        path.join(dir, `${name}.crt`),
        '-days',
        String(days),
        '-subj',
        `/CN=${name}`,
      ],
      { stdio: 'ignore' },
    );
  }
  return dir;
}

const names = (mtls: boolean, only?: string[]) =>
  selectServices(spec, 'nats', { mtls, only }).map((s) => s.name);

describe('mTLS in a run', () => {
  it('when a run has mTLS, then sentry starts before placement and scheduler, and every app needs it', () => {
    const all = names(true);
    expect(all).toContain('sentry');
    expect(all.indexOf('sentry')).toBeLessThan(all.indexOf('placement'));
    expect(all.indexOf('sentry')).toBeLessThan(all.indexOf('scheduler'));
    expect(names(true, ['auth'])).toContain('sentry');
  });

  it('when a run has no mTLS, then there is no sentry, and a run without sidecars needs none', () => {
    expect(names(false)).not.toContain('sentry');
    expect(names(false, ['auth'])).not.toContain('sentry');
    expect(names(true, ['ferretdb'])).toEqual(['postgres', 'ferretdb']);
  });

  it("when placement and scheduler start with mTLS, then they take sentry's root and address", () => {
    for (const name of ['placement', 'scheduler']) {
      const s = spec.services.find((x) => x.name === name)!;
      expect(s.dependsOn).toContain('sentry');
      expect(s.mtlsArgs).toEqual(
        expect.arrayContaining([
          '--tls-enabled',
          '--trust-anchors-file=${mtls.trustAnchors}',
          '--sentry-address=127.0.0.1:${services.sentry.port}',
        ]),
      );
    }
  });

  it('when a sidecar starts with mTLS, then it asks the given sentry, else it has no mTLS flag', () => {
    const plan = {
      appId: 'orders',
      appPort: 1,
      httpPort: 2,
      grpcPort: 3,
      internalGrpcPort: 4,
      placementPort: 5,
      schedulerPort: 6,
      resourcePaths: [],
      configFile: 'c.yaml',
      logLevel: 'warn',
      health: undefined,
      maxConcurrency: 128,
    };
    const secured = daprdArgs({ ...plan, mtls: { sentryAddress: '127.0.0.1:7' } }).join(' ');
    expect(secured).toContain('--enable-mtls --sentry-address 127.0.0.1:7');
    expect(secured).toContain('--dapr-internal-grpc-port 4');
    expect(daprdArgs(plan).join(' ')).not.toMatch(/mtls|sentry/);
  });

  it('when the root or issuer expires within 30 days, then the set is removed for sentry to remake', () => {
    const fresh = credentials(365);
    expect(retireExpiringCa(fresh)).toBe(false);
    expect(existsSync(path.join(fresh, 'ca.crt'))).toBe(true);

    const expiring = credentials(10);
    expect(retireExpiringCa(expiring)).toBe(true);
    for (const f of ['ca.crt', 'issuer.crt', 'issuer.key'])
      expect(existsSync(path.join(expiring, f))).toBe(false);

    // A dir sentry has not filled yet is left alone.
    expect(retireExpiringCa(mkdtempSync(path.join(tmpdir(), 'sentry-')))).toBe(false);
  });
});
