import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';
import { toolsDir } from './paths';

let runLogFile: string | undefined;

/** This setup run's file for go's full output; named on the console the first time. */
export function setupLogFile(log: Logger): string {
  if (!runLogFile) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    runLogFile = path.join(toolsDir(), 'logs', `setup-${stamp}-${process.pid}.log`);
    mkdirSync(path.dirname(runLogFile), { recursive: true });
    log(`  go's full output goes to ${runLogFile}`);
  }
  return runLogFile;
}

// `-v` prints bare import paths; anything else (errors, downloads) is worth a look.
export const PACKAGE_LINE = /^[\w.~\-/]+$/;
const DOWNLOADING = /^go: downloading /;

/**
 * What the console sees of `go build -v`: go's own messages, prefixed with the tool, while the
 * floods are counted instead of echoed: the package names `-v` prints (daprd has ~2000) and
 * the `go: downloading` lines (hundreds). Every line still goes to the setup log file.
 */
export class GoOutput {
  private packages = 0;
  private downloads = 0;
  private lastPackage = '';
  private readonly started = Date.now();

  constructor(
    private readonly tool: string,
    private readonly log: Logger,
    private readonly file: string,
    private readonly write: (line: string) => void,
  ) {}

  line(line: string): void {
    this.write(line);
    if (!line.trim()) return;
    if (DOWNLOADING.test(line)) {
      if (this.downloads++ === 0) {
        this.log(`  ${this.tool}: downloading modules (every line in ${this.file})`);
      }
    } else if (PACKAGE_LINE.test(line)) {
      this.packages += 1;
      this.lastPackage = line;
    } else {
      this.log(`  ${this.tool} │ ${line}`);
    }
  }

  /** The progress line, e.g. `still building daprd… 90 s (312 modules downloaded, ...)`. */
  heartbeat(): void {
    const counts = [
      this.downloads ? `${this.downloads} modules downloaded` : '',
      `${this.packages} packages compiled`,
      this.lastPackage ? `last ${this.lastPackage}` : '',
    ].filter(Boolean);
    const secs = Math.round((Date.now() - this.started) / 1000);
    this.log(`  still building ${this.tool}… ${secs} s (${counts.join(', ')})`);
  }

  done(): void {
    if (this.downloads) this.log(`  ${this.tool}: ${this.downloads} modules downloaded`);
  }
}
