import { startFerret, type RunningFerret } from './ferretdb';

declare global {
  var __FERRET__: RunningFerret | undefined;
}

/** One real FerretDB for the whole unit run; each test file makes its own database on it. */
export default async function globalSetup(): Promise<void> {
  const ferret = await startFerret();
  globalThis.__FERRET__ = ferret;
  process.env.TEST_MONGO_BASE_URL = ferret.url;
}
