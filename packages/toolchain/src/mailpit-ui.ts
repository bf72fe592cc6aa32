import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, tail, type RunResult } from './exec';
import type { Logger } from './log';

/** Rounds of "pin the package the registry does not serve, then install again". */
const MAX_PINS = 5;

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
}

/**
 * The package (`name` or `@scope/name`) and locked version of npm's 404 for a locked tarball,
 * e.g. `404  The requested resource 'rapidoc@https://…/rapidoc-12.1.0.tgz' could not be found`.
 */
export function unservedPackage(npmOutput: string): { name: string; locked: string } | undefined {
  const m = /requested resource '((?:@[^/@'\s]+\/)?[^@'\s]+)@([^'\s]+)' could not be found/.exec(
    npmOutput,
  );
  if (!m) return undefined;
  const version = /-(\d+\.\d+\.\d+[^/]*?)\.tgz$/.exec(m[2]!)?.[1];
  return { name: m[1]!, locked: version ?? m[2]! };
}

/**
 * Pins `name` to `version` in package.json: where the project names it, else as an override
 * (npm refuses an override that contradicts a direct dependency).
 */
export function pinPackage(pkg: PackageJson, name: string, version: string): PackageJson {
  for (const field of ['dependencies', 'devDependencies'] as const) {
    if (pkg[field]?.[name] !== undefined) {
      return { ...pkg, [field]: { ...pkg[field], [name]: version } };
    }
  }
  return { ...pkg, overrides: { ...pkg.overrides, [name]: version } };
}

/**
 * Builds Mailpit's web UI (server/ui/dist, embedded into the binary) in a writable copy of its
 * module: `npm ci` and its esbuild script, as its release Dockerfile does. Two things differ
 * here, each logged when it applies:
 *
 * - `--omit=peer`: esbuild-sass-plugin names sass-embedded as a peer but compiles with `sass`,
 *   its own dependency, unless asked for the embedded compiler; npm installs peers by default,
 *   and the registry here does not serve every platform build of new sass-embedded releases.
 * - A locked version the registry does not serve (Mailpit 1.33.1 locks rapidoc 12.1.0, the API
 *   docs page's viewer; the registry here has 9.3.8 at most) is pinned to the newest version it
 *   does serve, and `npm install` replaces `npm ci` (the lock no longer matches).
 *
 * Returns why the UI could not be built, or undefined when it was. Without it the binary still
 * works (SMTP and the API); only its pages load without scripts.
 */
export async function buildMailpitUi(dir: string, log: Logger): Promise<string | undefined> {
  const started = Date.now();
  log("  building Mailpit's web UI (npm, esbuild), which the module zip lacks …");
  const npm = (args: string[]) =>
    run('npm', [...args, '--ignore-scripts', '--omit=peer', '--no-audit', '--no-fund'], {
      cwd: dir,
      timeoutMs: 600_000,
    });
  try {
    let install = await npm(['ci']);
    for (let pins = 0; install.code !== 0 && pins < MAX_PINS; pins++) {
      const unserved = unservedPackage(`${install.stderr}\n${install.stdout}`);
      if (!unserved) break;
      const served = await newestServed(unserved.name, dir);
      if (!served) break;
      log(
        `  workaround: the registry does not serve ${unserved.name} at the locked ` +
          `${unserved.locked}; pinning ${unserved.name}@${served} (its newest served) and ` +
          'running npm install instead of npm ci in the build copy',
      );
      const file = path.join(dir, 'package.json');
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      writeFileSync(file, JSON.stringify(pinPackage(pkg, unserved.name, served), null, 2));
      install = await npm(['install']);
    }
    if (install.code !== 0) return `npm could not install its packages: ${why(install)}`;
    const build = await run('node', ['esbuild.config.mjs'], {
      cwd: dir,
      env: { ...process.env, MINIFY: 'true' },
      timeoutMs: 300_000,
    });
    if (build.code !== 0) return `its esbuild script failed: ${why(build)}`;
    if (!existsSync(path.join(dir, 'server', 'ui', 'dist', 'app.js'))) {
      return 'its esbuild script wrote no server/ui/dist/app.js';
    }
    log(`  Mailpit's web UI built in ${Math.round((Date.now() - started) / 1000)} s`);
    return undefined;
  } finally {
    rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  }
}

async function newestServed(name: string, cwd: string): Promise<string | undefined> {
  const view = await run('npm', ['view', name, 'version'], { cwd, timeoutMs: 60_000 });
  const version = view.stdout.trim();
  return view.code === 0 && /^\d+\.\d+\.\d+\S*$/.test(version) ? version : undefined;
}

const why = (r: RunResult) => r.error?.message ?? tail(r.stderr || r.stdout, 2);
