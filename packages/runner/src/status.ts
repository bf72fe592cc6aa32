/** What the runner knows about each service while it runs: the table, the logs, the dashboard. */

export type ServiceState =
  /** Not started yet (waiting for what it depends on). */
  | 'pending'
  | 'starting'
  | 'healthy'
  /** Crashed; waiting out the backoff before the next start. */
  | 'backoff'
  /** Crashed; waiting for what it depends on to be healthy again. */
  | 'waiting'
  /** A crash loop: left stopped until someone fixes it and starts it again. */
  | 'crashed'
  | 'stopped'
  /** A server this run found already listening and uses (nats with `reuse: true`). */
  | 'reused'
  /** Never the runner's to start (redis in the redis profile). */
  | 'external';

export interface ServiceStatus {
  state: ServiceState;
  /** Restarts the supervisor made (not starts by hand). */
  restarts: number;
  healthySince?: number;
  lastExit?: { at: number; what: string };
  /** From the last crash to healthy again, in ms. */
  lastRestartToHealthyMs?: number;
  /** Why it is crashed, in words. */
  message?: string;
}

/** States in which a service counts as up for those that depend on it. */
export function isUp(state: ServiceState): boolean {
  return state === 'healthy' || state === 'reused' || state === 'external';
}

/** The last lines of a process's output, with when they came, kept for the dashboard. */
export class LogTail {
  private readonly lines: { at: number; line: string }[] = [];
  constructor(private readonly max = 200) {}
  push(line: string): void {
    this.lines.push({ at: Date.now(), line });
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  last(n: number): { at: number; line: string }[] {
    return this.lines.slice(-n);
  }
}
