import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstError } from '../src/go';
import { writeManifest } from '../src/manifest';
import {
  cachedToolPath,
  daprdComponentsFlavor,
  envVarOf,
  findOnPath,
  manifestPath,
  missingToolMessage,
  toolPath,
  toolsDir,
  versionOf,
} from '../src/paths';
import { releaseAsset } from '../src/release';
import { unavailableMessage } from '../src/tool-error';

const saved = { ...process.env };
let dir: string;

/** An executable file at `file` (content does not matter to these lookups). */
function touchBinary(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'toolchain-test-'));
  process.env.TICKETING_TOOLS_DIR = dir;
  delete process.env.DAPRD_BIN;
  delete process.env.NATS_SERVER_BIN;
});

afterEach(() => {
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

describe('toolsDir and cached paths', () => {
  it('when TICKETING_TOOLS_DIR is set, then binaries live under it as <tool>-<version>/<tool>', () => {
    expect(toolsDir()).toBe(dir);
    expect(cachedToolPath('nats-server')).toBe(
      path.join(dir, `nats-server-${versionOf('nats-server')}`, 'nats-server'),
    );
  });

  it('when only XDG_CACHE_HOME is set, then the dir is <XDG_CACHE_HOME>/ticketing/tools', () => {
    delete process.env.TICKETING_TOOLS_DIR;
    process.env.XDG_CACHE_HOME = '/xdg';
    expect(toolsDir()).toBe(path.join('/xdg', 'ticketing', 'tools'));
  });

  it('when a tool name has a dash, then its env var uses an underscore', () => {
    expect(envVarOf('nats-server')).toBe('NATS_SERVER_BIN');
    expect(envVarOf('daprd')).toBe('DAPRD_BIN');
  });
});

describe('toolPath', () => {
  it('when the env var is set, then it wins over the manifest and the cache', () => {
    touchBinary(cachedToolPath('daprd'));
    process.env.DAPRD_BIN = '/opt/dapr/daprd';
    expect(toolPath('daprd')).toBe('/opt/dapr/daprd');
  });

  it('when the manifest records a binary at the pinned version, then it wins over the cache', () => {
    touchBinary(cachedToolPath('daprd'));
    const recorded = touchBinary(path.join(dir, 'elsewhere', 'daprd'));
    writeManifest(manifestPath(), {
      daprd: { path: recorded, version: versionOf('daprd'), source: 'path' },
    });
    expect(toolPath('daprd')).toBe(recorded);
  });

  it('when the manifest records another version, then the cached binary is used', () => {
    const cached = touchBinary(cachedToolPath('daprd'));
    const old = touchBinary(path.join(dir, 'old', 'daprd'));
    writeManifest(manifestPath(), { daprd: { path: old, version: '0.0.1', source: 'path' } });
    expect(toolPath('daprd')).toBe(cached);
  });

  it('when the manifest points at a deleted file, then the cached binary is used', () => {
    const cached = touchBinary(cachedToolPath('daprd'));
    writeManifest(manifestPath(), {
      daprd: { path: path.join(dir, 'gone'), version: versionOf('daprd'), source: 'env' },
    });
    expect(toolPath('daprd')).toBe(cached);
  });

  it('when the manifest is corrupt, then it is ignored', () => {
    const cached = touchBinary(cachedToolPath('daprd'));
    writeFileSync(manifestPath(), '{ not json');
    expect(toolPath('daprd')).toBe(cached);
  });

  it('when nothing provides the tool, then the error says how to get it', () => {
    expect(() => toolPath('nats-server')).toThrow(missingToolMessage('nats-server'));
    expect(missingToolMessage('nats-server')).toContain('npm run setup');
    expect(missingToolMessage('nats-server')).toContain('NATS_SERVER_BIN');
    expect(missingToolMessage('nats-server')).toContain(versionOf('nats-server'));
  });
});

describe('daprdComponentsFlavor', () => {
  it('when the build fell back to stable components, then the flavor says so', () => {
    const daprd = touchBinary(cachedToolPath('daprd'));
    writeFileSync(path.join(path.dirname(daprd), 'COMPONENTS'), 'stablecomponents\n');
    expect(daprdComponentsFlavor()).toBe('stablecomponents');
  });

  it('when no COMPONENTS file is beside daprd, then it has all components', () => {
    touchBinary(cachedToolPath('daprd'));
    expect(daprdComponentsFlavor()).toBe('allcomponents');
  });
});

describe('findOnPath', () => {
  it('when a PATH entry holds an executable of that name, then it is found', () => {
    const bin = touchBinary(path.join(dir, 'bin', 'stripe-mock'));
    expect(
      findOnPath('stripe-mock', ['/nonexistent', path.dirname(bin)].join(path.delimiter)),
    ).toBe(bin);
  });

  it('when the file is not executable, then it is skipped', () => {
    const file = touchBinary(path.join(dir, 'bin', 'stripe-mock'));
    chmodSync(file, 0o644);
    // Root can execute anything with an x bit; without one, access(X_OK) fails even for root.
    expect(findOnPath('stripe-mock', path.dirname(file))).toBeUndefined();
  });
});

describe('releaseAsset', () => {
  it('when on linux/amd64, then the URLs are the official release assets', () => {
    expect(releaseAsset('daprd', 'linux', 'x64')?.url).toBe(
      'https://github.com/dapr/dapr/releases/download/v1.18.3/daprd_linux_amd64.tar.gz',
    );
    expect(releaseAsset('ferretdb', 'linux', 'x64')).toEqual({
      url: 'https://github.com/FerretDB/FerretDB/releases/download/v1.24.2/ferretdb-linux-amd64',
      kind: 'binary',
    });
    expect(releaseAsset('nats-server', 'linux', 'x64')?.url).toBe(
      'https://github.com/nats-io/nats-server/releases/download/v2.10.29/nats-server-v2.10.29-linux-amd64.tar.gz',
    );
    expect(releaseAsset('stripe-mock', 'linux', 'x64')?.url).toBe(
      'https://github.com/stripe/stripe-mock/releases/download/v0.203.0/stripe-mock_0.203.0_linux_amd64.tar.gz',
    );
  });

  it('when the project publishes nothing for the platform, then there is no asset', () => {
    expect(releaseAsset('ferretdb', 'darwin', 'arm64')).toBeUndefined();
    expect(releaseAsset('daprd', 'win32', 'x64')).toBeUndefined();
  });
});

describe('failure messages', () => {
  it('when a tool cannot be got, then the message names it, what was tried and the ways out', () => {
    const message = unavailableMessage({
      tool: 'ferretdb',
      tried: ['FERRETDB_BIN not set', 'Go build: `go` is not on PATH'],
    });
    expect(message).toContain('Could not get ferretdb 1.24.2');
    expect(message).toContain('  - Go build: `go` is not on PATH');
    expect(message).toContain('FERRETDB_BIN=');
    expect(message).toContain('github.com/FerretDB/FerretDB@v1.24.2');
  });

  it('when go build fails, then the summary is the first real error line', () => {
    const output = [
      'go: downloading github.com/x/y v1.0.0',
      'github.com/x/y',
      'server/server.go:16:2: cannot find module providing package github.com/z',
      '\t(Go version in go.mod is at least 1.14 and vendor directory exists.)',
    ].join('\n');
    expect(firstError(output)).toBe(
      'server/server.go:16:2: cannot find module providing package github.com/z',
    );
  });
});
