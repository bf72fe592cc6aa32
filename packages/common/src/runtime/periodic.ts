import type { Logger } from 'pino';

export interface PeriodicJob {
  /** Waits for a run in progress, then runs no more. */
  stop(): Promise<void>;
}

/**
 * Runs `job` at once, then every `ms`, never two runs at once: a tick that finds the previous run
 * still going is skipped. A failed run is logged and the next tick tries again. The first run is
 * immediate because jobs are sweeps that catch up on what a crash left: a restarted process should
 * not wait a whole period before looking.
 */
export function every(
  name: string,
  ms: number,
  job: () => Promise<unknown>,
  logger: Logger,
): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = Promise.resolve()
      .then(job)
      .then(
        () => undefined,
        (err: unknown) => logger.warn({ err, job: name }, `${name} failed; will run again`),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, ms);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
