import { slidingWindow } from '../src/limits/rate-limit';

const MIN = 60_000;

describe('the sliding-window rule', () => {
  it('when fewer than the limit were written in the window, then one more is allowed and kept', () => {
    expect(slidingWindow([1_000, 2_000], 3_000, 3, MIN)).toEqual({
      allowed: true,
      times: [1_000, 2_000, 3_000],
    });
  });

  it('when the limit is reached, then refused until the oldest write leaves the window', () => {
    const now = 50_000;
    expect(slidingWindow([10_000, 20_000, 30_000], now, 3, MIN)).toEqual({
      allowed: false,
      retryAfterMs: 10_000 + MIN - now,
    });
  });

  it('when old writes have left the window, then they are forgotten', () => {
    expect(slidingWindow([1_000, 2_000, 70_000], 65_000 + MIN, 2, MIN)).toEqual({
      allowed: true,
      times: [70_000, 65_000 + MIN],
    });
  });

  it('when more writes than the limit are stored (the limit was lowered), then the wait is for the one that makes room', () => {
    expect(slidingWindow([1_000, 2_000, 3_000, 4_000], 5_000, 2, MIN)).toEqual({
      allowed: false,
      retryAfterMs: 3_000 + MIN - 5_000,
    });
  });

  it("when a stored time is ahead of this clock (another replica's), then it still counts, and the wait is at most a window", () => {
    expect(slidingWindow([11_000], 1_000, 1, MIN)).toEqual({ allowed: false, retryAfterMs: MIN });
  });
});
