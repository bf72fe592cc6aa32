import { createLogger, type ServiceDeps } from '@ticketing/common';
import { testClock, type TestClock } from './clock';

export interface TestServiceDeps {
  deps: ServiceDeps;
  clock: TestClock;
  /** The ids the use cases asked the outbox relay to drain, in order. */
  kicks: string[];
}

/** What runService hands a service's use cases, with a test clock and a recorded kick. */
export function testServiceDeps(name: string, clock: TestClock = testClock()): TestServiceDeps {
  const kicks: string[] = [];
  return {
    clock,
    kicks,
    deps: {
      logger: createLogger(`${name}-test`),
      now: clock.now,
      outboxWritten: (id) => void kicks.push(id),
    },
  };
}
