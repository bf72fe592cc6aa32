import { startDashboard, type Dashboard } from './dashboard';
import { startStack, type Stack } from './stack';

/** Tye's dashboard port; another free one when something else holds it. */
const DASHBOARD_PORT = 8000;

const USAGE = `usage: npm start -- [--profile nats|redis] [--only app1,app2] [--json] [--dashboard-port N] [--no-mtls]
  --json             print each process's raw log records instead of readable lines
  --no-mtls          no sentry: plain gRPC between sidecars and no access control (as compose)
  --dashboard-port   the dashboard's port on 127.0.0.1 (default ${DASHBOARD_PORT}, 0 for any free one)`;

/**
 * `npm start [-- --profile redis] [--only auth,tickets]`: brings the stack up with the ports of
 * tye.yaml, serves the dashboard, restarts what crashes, and stops it all on Ctrl-C or SIGTERM.
 */
function parseArgs(argv: string[]) {
  const out: {
    profile?: string;
    only?: string[];
    json?: boolean;
    dashboardPort?: number;
    mtls?: boolean;
  } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--profile') out.profile = value();
    else if (flag === '--only') out.only = value()?.split(',');
    else if (flag === '--json') out.json = true;
    else if (flag === '--no-mtls') out.mtls = false;
    else if (flag === '--dashboard-port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error('--dashboard-port needs a port number');
      out.dashboardPort = port;
    } else if (flag === '--help' || flag === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const running: { stack?: Stack; dashboard?: Dashboard } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping apps, then sidecars, then infrastructure…\n`);
    await running.dashboard?.close();
    await running.stack?.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const { ensureTools } = await import('@ticketing/toolchain');
  await ensureTools({ quietWhenReady: true });
  const stack = await startStack({
    ports: 'fixed',
    profile: args.profile,
    only: args.only,
    json: args.json,
    mtls: args.mtls,
  });
  running.stack = stack;
  const dashboard = await openDashboard(stack, args.dashboardPort);
  running.dashboard = dashboard;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const links = stack
    .links()
    .map(
      (l) => `  ${l.label.padEnd(12)} ${l.url}${l.note ? `\n  ${''.padEnd(12)} (${l.note})` : ''}`,
    );
  process.stdout.write(
    `\nAll healthy in ${secs} s (profile ${stack.profile}, ${stack.mtls ? 'mTLS and access control between sidecars' : 'no mTLS'}).\n${stack.table()}\n\n` +
      `  ${'Dashboard'.padEnd(12)} ${dashboard.url}\n${links.join('\n')}\n`,
  );
  process.stdout.write(
    '\nA process that crashes is restarted (with its sidecar); the dashboard shows restarts.\n' +
      'Ctrl-C stops everything.\n',
  );
}

async function openDashboard(stack: Stack, port?: number): Promise<Dashboard> {
  try {
    return await startDashboard(stack, port ?? DASHBOARD_PORT);
  } catch (err) {
    if (port !== undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startDashboard(stack, 0);
  }
}

main().catch((err) => {
  process.stderr.write(`\nnpm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
