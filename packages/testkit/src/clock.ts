/** A clock the test moves; hand `now` to the domain. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

/**
 * Stands at `start` (a fixed instant by default, so dates in a test never depend on today) until
 * the test advances it; with `'real-time'` it runs with the real clock, plus what was advanced.
 */
export function testClock(start: number | 'real-time' = Date.UTC(2030, 0, 1, 12, 0, 0)): TestClock {
  let offset = 0;
  return {
    now: () => new Date((start === 'real-time' ? Date.now() : start) + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}
