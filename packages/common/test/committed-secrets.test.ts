import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMITTED_SECRET_VALUES } from '../src/config/committed-secrets';

const ROOT = path.resolve(__dirname, '../../..');
/** `NAME = 'value'` or `NAME: "value"` where NAME looks like a secret setting's. */
const ASSIGNED_SECRET =
  /\b[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|_KEY)[A-Z0-9_]*['"]?[ \t]*[:=][ \t]*['"]?([A-Za-z0-9_+/=.!-]{8,})['"]?/g;

function committedSecretLiterals(): { file: string; value: string }[] {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|tsx|js|mjs|cjs|ya?ml|json|sh|md|example)$|\.env/.test(f))
    .filter((f) => !f.endsWith('package-lock.json') && !f.includes('/generated/'));
  const found: { file: string; value: string }[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(ASSIGNED_SECRET)) {
      const value = m[1]!;
      // Code and placeholders, not values: identifiers, env lookups, interpolations.
      if (!/[-_!0-9]/.test(value) || /^(process|env|config|opts|this|z)\./.test(value)) continue;
      if (/^[A-Z0-9_]+$/.test(value)) continue; // another variable's NAME
      found.push({ file, value });
    }
  }
  return found;
}

describe('secrets committed in the repository', () => {
  it('when a secret-looking value is committed, then production refuses it (it is on the list)', () => {
    const unlisted = committedSecretLiterals().filter((f) => !COMMITTED_SECRET_VALUES.has(f.value));
    expect(unlisted).toEqual([]);
  });

  it('when the scan runs, then it finds the secrets we know are committed (it can fail)', () => {
    const values = committedSecretLiterals().map((f) => f.value);
    expect(values).toContain('test-secret-that-is-at-least-32-characters-long');
    expect(values).toContain('example-jwt-secret-change-me-0123456789abcdef');
  });
});
