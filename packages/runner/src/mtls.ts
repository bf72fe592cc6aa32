import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Sentry's credentials for a run: it makes a self-signed root and issuer in this directory of
 * the data dir when none are there (the first start), and keeps them across restarts.
 */
export function sentryDir(dataDir: string): string {
  return path.join(dataDir, 'sentry');
}

const FILES = ['ca.crt', 'issuer.crt', 'issuer.key'];

/** The root every sidecar trusts (DAPR_TRUST_ANCHORS), once sentry has made it. */
export function trustAnchors(dir: string): string {
  return readFileSync(path.join(dir, 'ca.crt'), 'utf8');
}

/** Sentry's own root and issuer live a year; a data dir kept longer gets a new set. */
const RENEW_BEFORE_MS = 30 * 24 * 3600_000;

/**
 * Removes the root and issuer when either expires within 30 days, so sentry makes a new set at
 * start rather than refusing to (or issuing certificates that soon stop working). True when it did.
 */
export function retireExpiringCa(dir: string, now = Date.now()): boolean {
  const expiring = ['ca.crt', 'issuer.crt'].some((f) => {
    const file = path.join(dir, f);
    if (!existsSync(file)) return false;
    try {
      return Date.parse(new X509Certificate(readFileSync(file)).validTo) - now < RENEW_BEFORE_MS;
    } catch {
      return true;
    }
  });
  if (expiring) for (const f of FILES) rmSync(path.join(dir, f), { force: true });
  return expiring;
}
