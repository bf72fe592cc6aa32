import type { Logger } from 'pino';

export interface PeriodicJob {
  /** Waits for a run in progress, then runs no more. */
  stop(): Promise<void>;
}

/**
 * Runs `job` every `ms`, never two runs at once: a tick that finds the previous run still going
 * is skipped. A failed run is logged and the next tick tries again.
 */
export function every(
  name: string,
  ms: number,
  job: () => Promise<unknown>,
  logger: Logger,
): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = job()
      .then(
        () => undefined,
        (err: unknown) => logger.warn({ err, job: name }, `${name} failed; will run again`),
      )
      .finally(() => {
        running = undefined;
      });
  }, ms);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
