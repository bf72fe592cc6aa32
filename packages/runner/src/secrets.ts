import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StackSpec } from './spec';

/**
 * The secrets tye.yaml declares, for one run: the environment's value when it gives one, else
 * random bytes, made once per run or, with `persist`, once per data dir (so a restart of
 * `npm start` keeps them). Referenced from tye.yaml as `${secrets.NAME}`.
 */
export function resolveSecrets(spec: StackSpec, dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, s] of Object.entries(spec.secrets)) {
    const given = s.env ? process.env[s.env] : undefined;
    out[name] = given ?? (s.persist ? persisted(dataDir, name, s) : made(s));
  }
  return out;
}

type SecretSpec = StackSpec['secrets'][string];

const made = (s: SecretSpec) => `${s.prefix}${randomBytes(s.bytes).toString('hex')}`;

function persisted(dataDir: string, name: string, s: SecretSpec): string {
  // `jwt-secret`: the name earlier runs kept the session secret under.
  const file = path.join(dataDir, `${name}-secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = made(s);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
