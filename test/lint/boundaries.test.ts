import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Each fixture breaks one import boundary (or, for `nothing`, none) and says where it pretends
 * to live and what the lint must answer. The repo's own eslint, with its own config, lints it
 * as `npm run lint` would at that place.
 */
const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');
const ESLINT = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

function header(text: string, key: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`// ${key}: `));
  if (!line) throw new Error(`fixture lacks "// ${key}: "`);
  return line.slice(`// ${key}: `.length).trim();
}

function lintAs(
  text: string,
  filePath: string,
): { status: number | null; messages: LintMessage[] } {
  const run = spawnSync(
    process.execPath,
    [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', filePath],
    { cwd: ROOT, input: text, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout || '[]') as { messages: LintMessage[] }[];
  return { status: run.status, messages: result?.messages ?? [] };
}

describe('lint guards the import boundaries', () => {
  const fixtures = readdirSync(FIXTURES).sort();

  it('when the fixtures are listed, then every boundary has one', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures)(
    'when %s is linted where it claims to live, then lint answers as it expects',
    (name) => {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      const expected = header(text, 'expect');
      const { status, messages } = lintAs(text, header(text, 'lint-as'));
      const restricted = messages.filter((m) => /no-restricted-imports/.test(m.ruleId ?? ''));
      if (expected === 'nothing') {
        expect(messages).toEqual([]);
        expect(status).toBe(0);
      } else {
        expect(restricted.map((m) => m.message).join('\n')).toMatch(new RegExp(expected));
        expect(status).toBe(1);
      }
    },
    30_000,
  );
});
