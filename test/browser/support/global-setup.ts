import { ensureWebBuild } from '../../../web/scripts/ensure-build';

/**
 * Builds the web app once before any stack starts (when its build is missing or stale), so no
 * test's stack waits on `next build` inside its health timeout.
 */
export default async function globalSetup(): Promise<void> {
  await ensureWebBuild({ log: (line) => process.stdout.write(`${line}\n`) });
}
