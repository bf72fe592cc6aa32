import { startStack } from '@ticketing/runner';

export interface RunningFerret {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the FerretDB of tye.yaml (same flags as `npm start`: on the embedded Postgres it needs,
 * in a fresh temp dir) on a free port, through the runner.
 */
export async function startFerret(): Promise<RunningFerret> {
  const stack = await startStack({ ports: 'free', only: ['ferretdb'] });
  const { port } = stack.service('ferretdb');
  return { url: `mongodb://127.0.0.1:${port}`, port, stop: () => stack.stop() };
}
