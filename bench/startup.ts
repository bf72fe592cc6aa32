/**
 * Start-up: the whole default stack (what `npm start` runs, on free ports) from nothing to every
 * service healthy, with a fresh data dir (so Postgres' first-run initialisation is included).
 *
 *   npx tsx bench/startup.ts
 */
import { startStack } from '@ticketing/runner';

async function main() {
  const started = performance.now();
  const stack = await startStack({ ports: 'free' });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      bench: 'startup',
      services: [...stack.services.keys()],
      secondsToHealthy: Number(seconds.toFixed(1)),
    }) + '\n',
  );
  await stack.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
