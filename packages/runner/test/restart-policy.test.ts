import { RestartPolicy } from '../src/restart-policy';

describe('the restart policy', () => {
  it('when a process keeps crashing, then the delay doubles from 1 s and is capped at 30 s', () => {
    const policy = new RestartPolicy({
      initialMs: 1000,
      maxMs: 30_000,
      resetAfterMs: 60_000,
      maxRestarts: 100,
      windowMs: 120_000,
    });
    const delays = Array.from({ length: 7 }, (_, i) => {
      const d = policy.onCrash(i * 10);
      return d.restart ? d.delayMs : -1;
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('when a process was healthy for a minute before it crashed, then the backoff starts again at 1 s', () => {
    const policy = new RestartPolicy();
    let now = 0;
    policy.onCrash(now);
    policy.onCrash((now += 2000), now - 500);
    const third = policy.onCrash((now += 5000), now - 4000);
    expect(third).toMatchObject({ restart: true, delayMs: 4000 });
    const afterCalm = policy.onCrash((now += 70_000), now - 61_000);
    expect(afterCalm).toMatchObject({ restart: true, delayMs: 1000, attempt: 1 });
  });

  it('when a process crashes a sixth time within 2 minutes, then it is left stopped', () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: 6 }, (_, i) => policy.onCrash(i * 10_000));
    expect(decisions.slice(0, 5).every((d) => d.restart)).toBe(true);
    expect(decisions[5]).toEqual({
      restart: false,
      reason: 'crashed again after 5 restarts within 2 min',
    });
  });

  it('when the restarts are spread over more than 2 minutes, then it is not a crash loop', () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: 8 }, (_, i) =>
      policy.onCrash(i * 40_000, i * 40_000 - 100),
    );
    expect(decisions.every((d) => d.restart)).toBe(true);
  });
});
