import { startStack, type Stack } from './stack';

/**
 * `npm start [-- --profile redis] [--only auth,tickets]`: brings the stack up with the ports of
 * tye.yaml, prints where everything runs, and stops it all on Ctrl-C or SIGTERM.
 */
function parseArgs(argv: string[]) {
  const out: { profile?: string; only?: string[] } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--profile') out.profile = value();
    else if (flag === '--only') out.only = value()?.split(',');
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: npm start -- [--profile nats|redis] [--only app1,app2]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const running: { stack?: Stack } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping apps, then sidecars, then infrastructure…\n`);
    await running.stack?.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const { ensureTools } = await import('@ticketing/toolchain');
  await ensureTools({ quietWhenReady: true });
  const stack = await startStack({ ports: 'fixed', profile: args.profile, only: args.only });
  running.stack = stack;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nAll healthy in ${secs} s (profile ${stack.profile}).\n${stack.table()}\n`,
  );
  process.stdout.write('\nCtrl-C stops everything.\n');
}

main().catch((err) => {
  process.stderr.write(`\nnpm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
