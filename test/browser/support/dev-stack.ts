/**
 * Starts the stack the browser tests use (free ports, temp data) and prints where the web app
 * is, for looking at pages by hand; Ctrl-C stops it.
 *   npx tsx test/browser/support/dev-stack.ts [app,app]   (EXPIRATION_WINDOW_SECONDS=3 to try expiry)
 */
import { startStack } from '@ticketing/runner';
import { ensureWebBuild } from '../../../web/scripts/ensure-build';

async function main() {
  const started = Date.now();
  await ensureWebBuild();
  const only = process.argv[2]?.split(',');
  const env: Record<string, string> = {};
  if (process.env.EXPIRATION_WINDOW_SECONDS)
    env.EXPIRATION_WINDOW_SECONDS = process.env.EXPIRATION_WINDOW_SECONDS;
  const stack = await startStack({ ports: 'free', only, env });
  process.stdout.write(`up in ${Date.now() - started} ms\n${stack.table()}\n`);
  process.stdout.write(`web: ${stack.appUrl('web')}  logs: ${stack.opts.dataDir}/logs\n`);
  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
