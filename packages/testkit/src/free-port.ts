import { waitHealthy } from '@ticketing/runner';

export { freePort } from '@ticketing/runner';

/** Resolves once something accepts TCP connections on the port, or rejects after the timeout. */
export function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  return waitHealthy(`127.0.0.1:${port}`, { tcp: port }, { timeoutMs, alive: () => true });
}
