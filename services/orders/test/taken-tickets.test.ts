import { TakenTickets } from '../src/data/taken-tickets';

describe('TakenTickets', () => {
  let now = 0;
  const taken = () => new TakenTickets(1_000, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('when a ticket was remembered less than a second ago, then it is taken', () => {
    const t = taken();
    t.remember('a', 'reserved');
    now = 999;
    expect(t.lookup('a')).toBe('reserved');
    expect(t.lookup('b')).toBeUndefined();
  });

  it('when a second has passed, then it is forgotten', () => {
    const t = taken();
    t.remember('a', 'sold');
    now = 1_000;
    expect(t.lookup('a')).toBeUndefined();
  });

  it('when remembered again, then the second counts from then', () => {
    const t = taken();
    t.remember('a', 'reserved');
    now = 800;
    t.remember('a', 'sold');
    now = 1_500;
    expect(t.lookup('a')).toBe('sold');
  });

  it('when forgotten, then it is free at once', () => {
    const t = taken();
    t.remember('a', 'reserved');
    t.forget('a');
    expect(t.lookup('a')).toBeUndefined();
  });
});
