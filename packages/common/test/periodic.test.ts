import { every } from '../src';
import { captureLogger } from './capture-logger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('every (periodic sweeps)', () => {
  it('when started, then the first run is at once, not a whole period later', async () => {
    const { logger } = captureLogger();
    let runs = 0;
    const job = every('sweep', 60_000, async () => void runs++, logger);
    await sleep(20);
    expect(runs).toBe(1);
    await job.stop();
  });

  it('when a run outlasts the period, then ticks are skipped rather than overlapping', async () => {
    const { logger } = captureLogger();
    let inFlight = 0;
    let most = 0;
    let runs = 0;
    const job = every(
      'slow sweep',
      10,
      async () => {
        runs++;
        most = Math.max(most, ++inFlight);
        await sleep(55);
        inFlight--;
      },
      logger,
    );
    await sleep(200);
    await job.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(5);
  });

  it('when a run fails, then it is logged and the next tick runs again', async () => {
    const logs = captureLogger();
    let runs = 0;
    const job = every(
      'flaky sweep',
      10,
      async () => {
        runs++;
        if (runs === 1) throw new Error('store down');
      },
      logs.logger,
    );
    await sleep(60);
    await job.stop();
    expect(runs).toBeGreaterThan(1);
    expect(logs.text()).toContain('flaky sweep failed; will run again');
  });

  it('when stopped, then no run starts afterwards', async () => {
    const { logger } = captureLogger();
    let runs = 0;
    const job = every('sweep', 10, async () => void runs++, logger);
    await job.stop();
    const after = runs;
    await sleep(40);
    expect(runs).toBe(after);
  });
});
