import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../src';

export interface CapturedLogs {
  logger: Logger;
  /** Everything written so far, as raw text. */
  text(): string;
  /** Everything written so far, one parsed object a line. */
  lines(): Record<string, unknown>[];
}

/** The services' logger, writing to memory so a test can read what would have been logged. */
export function captureLogger(): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('test', { level: 'info', destination });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, text, lines };
}
