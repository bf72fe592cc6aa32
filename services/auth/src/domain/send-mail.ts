import type { Logger } from 'pino';
import type { Mail, Mailer } from './mailer';

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A mail server hiccup should not lose a reset link: three tries, 1 s and 3 s apart. */
export async function sendWithRetries(
  mailer: Mailer,
  mail: Mail,
  logger: Logger,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  const waits = [1000, 3000];
  for (let attempt = 1; ; attempt++) {
    try {
      await mailer.send(mail);
      return;
    } catch (err) {
      const wait = waits[attempt - 1];
      if (wait === undefined) throw err;
      logger.warn({ err, subject: mail.subject, attempt }, 'sending mail failed; trying again');
      await sleep(wait);
    }
  }
}
