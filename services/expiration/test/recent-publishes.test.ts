import { RecentPublishes } from '../src/domain/recent-publishes';

describe('RecentPublishes', () => {
  it('when an order was published, then it counts as recent for exactly the window', () => {
    const recent = new RecentPublishes(60_000);

    recent.published('a', 1_000);

    expect(recent.within('a', 1_000)).toBe(true);
    expect(recent.within('a', 60_999)).toBe(true);
    expect(recent.within('a', 61_000)).toBe(false);
    expect(recent.within('b', 1_000)).toBe(false);
  });

  it('when an order is published again, then its window starts over', () => {
    const recent = new RecentPublishes(10_000);
    recent.published('a', 0);

    recent.published('a', 9_000);

    expect(recent.within('a', 18_999)).toBe(true);
  });

  it('when entries grow old, then publishing another order drops them, so 10,000 expiries keep no more than one window of entries', () => {
    const recent = new RecentPublishes(10_000);
    for (let i = 0; i < 10_000; i++) recent.published(`order-${i}`, i * 10);

    // Published at 0..99,990 ms: only those of the last 10 s are kept.
    expect(recent.size).toBe(1_000);
    expect(recent.within('order-9000', 99_990)).toBe(true);
    expect(recent.within('order-8999', 99_990)).toBe(false);
  });

  it('when an order is forgotten, then it is no longer recent', () => {
    const recent = new RecentPublishes(10_000);
    recent.published('a', 0);

    recent.forget('a');

    expect(recent.within('a', 1)).toBe(false);
    expect(recent.size).toBe(0);
  });
});
