import type { Logger } from 'pino';

type Closer = () => Promise<void> | void;

/**
 * Graceful shutdown: on SIGTERM or SIGINT run the closers in reverse order of registration
 * (stop taking requests first, close the database last), then exit.
 */
export class Lifecycle {
  private readonly closers: { name: string; close: Closer }[] = [];
  private stopping?: Promise<void>;

  constructor(private readonly logger: Logger) {}

  onStop(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  handleSignals(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        this.logger.info({ signal }, 'shutting down');
        void this.stop().then(() => process.exit(0));
      });
    }
    process.on('uncaughtException', (err) => {
      this.logger.fatal({ err }, 'uncaught exception');
      void this.stop().then(() => process.exit(1));
    });
    process.on('unhandledRejection', (err) => {
      this.logger.fatal({ err }, 'unhandled rejection');
      void this.stop().then(() => process.exit(1));
    });
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, close } of [...this.closers].reverse()) {
        try {
          // A closer that hangs must not keep the process alive past the runner's grace period.
          await Promise.race([close(), new Promise((r) => setTimeout(r, 5000).unref())]);
        } catch (err) {
          this.logger.warn({ err, name }, 'error while stopping');
        }
      }
    })();
    return this.stopping;
  }
}
