/** The waiting room's parts on their own: signed passes, the AIMD limit and the FIFO line. */
import { Capacity } from '../server/waiting-room/capacity';
import { WaitingQueue } from '../server/waiting-room/queue';
import {
  holderOf,
  readPass,
  readTicket,
  signPass,
  signTicket,
} from '../server/waiting-room/tokens';

const SECRET = 's'.repeat(32);

describe('waiting room passes and tickets', () => {
  const holder = holderOf('session-of-ann');
  const pass = signPass(SECRET, { id: 'abc', holder, expiresAt: 60_000 });

  it('when a pass is genuine, unexpired and shown by its holder, then it is honoured', () => {
    expect(readPass(SECRET, pass, holder, 1_000)).toEqual({ id: 'abc', holder, expiresAt: 60_000 });
  });

  it('when a pass is shown by another session, expired, tampered or signed with another key, then it is not', () => {
    expect(readPass(SECRET, pass, holderOf('session-of-bob'), 1_000)).toBeUndefined();
    expect(readPass(SECRET, pass, holder, 60_000)).toBeUndefined();
    expect(readPass(SECRET, pass.replace('.60.', '.99.'), holder, 1_000)).toBeUndefined();
    expect(readPass('t'.repeat(32), pass, holder, 1_000)).toBeUndefined();
    expect(readPass(SECRET, 'p1.abc.60', holder, 1_000)).toBeUndefined();
    // A ticket is not a pass.
    const ticket = signTicket(SECRET, { id: 'abc', holder, arrivedAt: 5 });
    expect(readPass(SECRET, ticket, holder, 1_000)).toBeUndefined();
    expect(readTicket(SECRET, ticket)).toEqual({ id: 'abc', holder, arrivedAt: 5 });
    expect(readTicket(SECRET, pass)).toBeUndefined();
  });
});

describe('admission capacity (AIMD)', () => {
  const opts = { budgetMs: 100, initial: 4, min: 2, max: 6, windowMs: 100 };

  const window = (c: Capacity, start: number, latencies: number[], status = 200) => {
    for (let i = 0; i < c.limit; i++) c.started();
    for (const ms of latencies) c.finished(ms, status, start + 50);
    c.tick(start + 100);
  };

  it('when the limit is reached and answers come within the budget, then it grows by one a window, up to max', () => {
    const c = new Capacity(opts, 0);
    window(c, 0, [20, 30, 40, 50]);
    expect(c.limit).toBe(5);
    window(c, 100, [20, 30, 40, 50, 20]);
    window(c, 200, [20, 30, 40, 50, 20, 20]);
    expect(c.limit).toBe(6);
  });

  it('when the limit is not reached, then it does not grow on answers that say nothing about it', () => {
    const c = new Capacity(opts, 0);
    c.started();
    c.finished(10, 200, 50);
    c.tick(100);
    expect(c.limit).toBe(4);
  });

  it('when answers are slower than the budget or fail, then it shrinks, down to min', () => {
    const c = new Capacity(opts, 0);
    window(c, 0, [20, 30, 40, 400]);
    expect(c.limit).toBe(2);
    const d = new Capacity({ ...opts, initial: 6 }, 0);
    window(d, 0, [20, 30, 40, 50, 50, 50], 503);
    expect(d.limit).toBe(4);
    window(d, 100, [20, 30, 40, 50], 0);
    window(d, 200, [20, 30], 0);
    expect(d.limit).toBe(2);
  });

  it('when slots are reserved for admitted buyers, then they count against the limit until released', () => {
    const c = new Capacity(opts, 0);
    for (let i = 0; i < 3; i++) c.reserve();
    c.started();
    expect(c.hasRoom).toBe(false);
    c.release();
    expect(c.hasRoom).toBe(true);
  });
});

describe('the waiting line', () => {
  it('when buyers join, then they are admitted in arrival order and positions move up', () => {
    const q = new WaitingQueue();
    const [a, b, c] = ['a', 'b', 'c'].map((h, i) => q.join(h, i));
    expect([a, b, c].map((w) => w!.position)).toEqual([1, 2, 3]);
    expect(q.admitNext(10, 1_000, 60_000)).toBe(a);
    expect(q.refresh()).toEqual([b, c]);
    expect([b!.position, c!.position]).toEqual([1, 2]);
    expect(q.admitNext(11, 1_000, 60_000)!.admitted!.admission).toBe(2);
    expect(q.admitNext(12, 1_000, 60_000)).toBe(c);
    expect(q.admitNext(13, 1_000, 60_000)).toBeUndefined();
  });

  it('when a buyer joins again, then they keep their first place', () => {
    const q = new WaitingQueue();
    const a = q.join('a', 0);
    q.join('b', 1);
    expect(q.join('a', 2)).toBe(a);
    expect(q.length).toBe(2);
    expect(a.position).toBe(1);
  });

  it('when a ticket from another replica comes, then it goes in at its arrival time', () => {
    const q = new WaitingQueue();
    q.join('a', 100);
    q.join('c', 300);
    const b = q.adopt('other-id', 'b', 200, 400);
    expect(b?.position).toBe(2);
    expect(['a', 'b', 'c'].map(() => q.admitNext(500, 1_000, 60_000)!.holder)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('when a buyer has no live stream and was not seen for the idle time, then they are skipped', () => {
    const q = new WaitingQueue();
    q.join('gone', 0);
    const b = q.join('here', 1);
    b.watchers = 1;
    expect(q.admitNext(5_000, 1_000, 60_000)).toBe(b);
    expect(q.get(b.id)).toBe(b);
  });

  it('when a pass expires, then the buyer is forgotten and a new visit joins again', () => {
    const q = new WaitingQueue();
    const a = q.join('a', 0);
    q.admitNext(0, 1_000, 1_000);
    q.sweep(500, 3_600_000);
    expect(q.get(a.id)).toBe(a);
    q.sweep(1_000, 3_600_000);
    expect(q.get(a.id)).toBeUndefined();
    // Its ticket does not buy a second turn at the head of the line.
    q.join('b', 1_001);
    expect(q.adopt(a.id, 'a', 0, 1_002)).toBeUndefined();
    expect(q.join('a', 1_003)).not.toBe(a);
    expect(q.join('a', 1_003).position).toBe(2);
  });
});
