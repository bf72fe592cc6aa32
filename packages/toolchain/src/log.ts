/** Where progress lines go; the CLI prints them, a test setup may pass its own or a no-op. */
export type Logger = (line: string) => void;

export const stderrLogger: Logger = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Whole seconds since `start` (a `Date.now()` value), for progress lines. */
export function secondsSince(start: number): number {
  return Math.round((Date.now() - start) / 1000);
}

/** `40 ms`, `7.5 s`, `42 s` or `3 min 12 s`. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (total < 60) return `${(ms / 1000).toFixed(total < 10 ? 1 : 0)} s`;
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}
