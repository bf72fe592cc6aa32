/**
 * Runs inside the image build (Dockerfile, stage `build`) after `npm ci`: turns every app into
 * plain JavaScript with only the npm packages it needs, one folder per app under `/out/<app>`:
 *
 *   main.js (or server/main.js for web)  one CommonJS bundle; all `@ticketing/*` code is inlined
 *   node_modules/                       the npm packages the bundle imports, and their own
 *                                       dependencies, copied from the installed tree (the lock's
 *                                       exact versions), without dev dependencies
 *
 * Nothing is hard-coded per package: the workspaces come from the root package.json, and an
 * app's external packages are those its bundle actually imports. A new service under
 * `services/<name>/src/main.ts` gets an image without touching this file.
 *
 * Usage: tsx scripts/docker/build-apps.ts [outDir] (default /out)
 */
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(process.argv[2] ?? '/out');

/** Packages only a build needs, even where a runtime package lists them (next's compiler). */
const BUILD_ONLY = [/^@next\/swc-/, /^@types\//, /^typescript$/];
/**
 * Optional packages the apps never load: sharp (and its libvips builds) serves next/image
 * optimisation, which the web app does not use.
 */
const UNUSED_OPTIONAL = [/^sharp$/, /^@img\//];
/** Files Node never loads: TypeScript sources and declarations, source maps, docs. */
const NOT_RUNTIME = /\.(d\.[cm]?ts|[cm]?ts|tsx|map|md|markdown)$/i;

interface PackageJson {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** Names of the workspace packages (`@ticketing/*`): these are bundled, never installed. */
function workspaceNames(): Set<string> {
  const names = new Set<string>();
  for (const pattern of readJson(path.join(ROOT, 'package.json')).workspaces ?? []) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(path.join(ROOT, pattern.slice(0, -2))).map((d) =>
          path.join(pattern.slice(0, -2), d),
        )
      : [pattern];
    for (const dir of dirs) {
      const file = path.join(ROOT, dir, 'package.json');
      if (existsSync(file)) names.add(readJson(file).name);
    }
  }
  return names;
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const BUILTINS = new Set(builtinModules);

/** Marks every npm package external and records which ones the bundle imports. */
function externalsPlugin(workspaces: Set<string>, used: Set<string>): Plugin {
  return {
    name: 'npm-externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || BUILTINS.has(packageName(args.path))) {
          return { external: true };
        }
        const name = packageName(args.path);
        if (workspaces.has(name)) return undefined; // bundled from its TypeScript source
        used.add(name);
        return { external: true };
      });
    },
  };
}

/** Where Node would find package `name` when required from `fromDir`. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dir === path.dirname(dir)) return undefined;
  }
}

/**
 * Copies packages and everything they depend on (dependencies, optional and peer ones that are
 * installed) from the repo's node_modules to `dest`, keeping the same nesting so each package
 * finds the version the lock gave it.
 */
function copyPackages(names: Iterable<string>, dest: string, fromDir = ROOT): number {
  const seen = new Set<string>();
  const visit = (name: string, from: string) => {
    if ([...BUILD_ONLY, ...UNUSED_OPTIONAL].some((re) => re.test(name))) return;
    const dir = resolvePackageDir(name, from);
    if (!dir || seen.has(dir)) return; // a missing optional or peer dependency
    seen.add(dir);
    const target = path.join(dest, path.relative(ROOT, dir));
    // Nested node_modules are copied by the recursion, only where a dependency needs them.
    cpSync(dir, target, {
      recursive: true,
      dereference: true,
      filter: (src) =>
        path.relative(dir, src).split(path.sep)[0] !== 'node_modules' && !NOT_RUNTIME.test(src),
    });
    const pkg = readJson(path.join(dir, 'package.json'));
    for (const deps of [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies]) {
      for (const dep of Object.keys(deps ?? {})) visit(dep, dir);
    }
  };
  for (const name of names) visit(name, fromDir);
  return seen.size;
}

interface AppEntry {
  name: string;
  entry: string;
  /** Path of the bundle inside the app's folder. */
  bundle: string;
}

function appEntries(): AppEntry[] {
  const services = readdirSync(path.join(ROOT, 'services'))
    .filter((s) => existsSync(path.join(ROOT, 'services', s, 'src', 'main.ts')))
    .map((s) => ({ name: s, entry: `services/${s}/src/main.ts`, bundle: 'main.js' }));
  return [
    ...services,
    // web/server/main.ts finds its Next.js build one folder up: /app/server/main.js → /app/.next
    { name: 'web', entry: 'web/server/main.ts', bundle: 'server/main.js' },
    // One-shot: makes the JetStream stream the pubsub.jetstream component binds to.
    {
      name: 'jetstream-init',
      entry: 'packages/runner/src/jetstream-init.ts',
      bundle: 'main.js',
    },
  ];
}

async function bundle(app: AppEntry, workspaces: Set<string>): Promise<Set<string>> {
  const used = new Set<string>();
  const appDir = path.join(OUT, app.name);
  await build({
    entryPoints: [path.join(ROOT, app.entry)],
    outfile: path.join(appDir, app.bundle),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [externalsPlugin(workspaces, used)],
  });
  return used;
}

/** The Next.js production build, its config as JavaScript, and what its server needs. */
async function prepareWeb(appDir: string, used: Set<string>) {
  const web = path.join(ROOT, 'web');
  const res = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
  cpSync(path.join(web, '.next'), path.join(appDir, '.next'), {
    recursive: true,
    // Next links server-external packages under .next/node_modules with relative links.
    verbatimSymlinks: true,
    filter: (src) => !src.startsWith(path.join(web, '.next', 'cache')),
  });
  if (existsSync(path.join(web, 'public'))) {
    cpSync(path.join(web, 'public'), path.join(appDir, 'public'), { recursive: true });
  }
  // Loading next.config.ts at run time would need next's TypeScript compiler (swc, ~100 MB).
  await build({
    entryPoints: [path.join(web, 'next.config.ts')],
    outfile: path.join(appDir, 'next.config.js'),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Next reads module.exports itself, not an ES module's default export.
    footer: { js: 'module.exports = module.exports.default;' },
    logLevel: 'warning',
  });
  // Next's server chunks require some packages at run time (react, next itself, and the
  // server-external ones): every npm dependency of the web app ships.
  const pkg = readJson(path.join(web, 'package.json'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) used.add(dep);
}

async function main() {
  const workspaces = workspaceNames();
  const only = process.env.APPS?.split(',').filter(Boolean);
  mkdirSync(OUT, { recursive: true });
  for (const app of appEntries()) {
    if (only && !only.includes(app.name)) continue;
    const started = Date.now();
    const appDir = path.join(OUT, app.name);
    const used = await bundle(app, workspaces);
    // Before the web build is copied: web's start rebuilds when package.json is newer than it.
    writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify({ name: `ticketing-${app.name}`, private: true, main: app.bundle }, null, 2),
    );
    if (app.name === 'web') await prepareWeb(appDir, used);
    for (const ws of workspaces) used.delete(ws);
    const count = copyPackages(used, appDir);
    process.stdout.write(
      `build-apps: ${app.name}: ${app.bundle} + ${count} npm packages ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`build-apps failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
