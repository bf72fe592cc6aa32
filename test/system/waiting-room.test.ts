/**
 * The flash-sale waiting room through the real origin (web and its sidecar, orders and its
 * sidecar): with the admission limit pinned to one request at a time, a burst of buyers is let
 * through in arrival order, each with a pass, and every one of them ends with a hold; nobody
 * gets a 5xx. The limit is pinned so that the room engages on any machine; its learning (AIMD)
 * is covered by web/test/waiting-room-logic.test.ts and measured by the crowd bench.
 */
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from './support/stack-helpers';
import { listTicket, signUp } from './support/shop';

jest.setTimeout(240_000);

const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'web'];
const BUYERS = 10;

describe('the waiting room through the origin', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      only: SERVICES,
      env: {
        WAITING_ROOM_INITIAL_LIMIT: '1',
        WAITING_ROOM_MIN_LIMIT: '1',
        WAITING_ROOM_MAX_LIMIT: '1',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const origin = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.appUrl('web')}${path}`, init);

  it('when a burst of buyers comes, then they wait their turn, are admitted in arrival order and all get their hold', async () => {
    const seller = await signUp(stack, 'seller');
    const tickets = await listTicket(stack, seller, { quantity: BUYERS });
    // Orders knows a ticket once it refuses the seller's own order (400) instead of 404.
    for (const t of tickets) {
      await eventually(async () => {
        const r = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
          headers: seller.auth,
          body: { ticketId: t.id },
        });
        return r.status === 400 ? true : undefined;
      }, 60_000);
    }
    const buyers = await Promise.all(Array.from({ length: BUYERS }, () => signUp(stack, 'buyer')));

    const statuses: number[] = [];
    const admitted: { arrival: number; admission: number }[] = [];
    const results = await Promise.all(
      buyers.map(async (b, i) => {
        const body = JSON.stringify({ ticketId: tickets[i]!.id });
        const headers = { ...b.auth, 'content-type': 'application/json' };
        const first = await origin('/api/orders', { method: 'POST', headers, body });
        statuses.push(first.status);
        if (first.status !== 429) return first.status;
        const room = ((await first.json()) as { waitingRoom: { ticket: string; position: number } })
          .waitingRoom;
        expect(room.position).toBeGreaterThan(0);
        const events = await origin('/api/waiting-room/events', {
          headers: { ...b.auth, 'x-waiting-room-ticket': room.ticket },
        });
        expect(events.status).toBe(200);
        const text = await events.text(); // the stream ends once admitted
        const last = text.trim().split('\n\n').pop()!;
        expect(last).toMatch(/^event: admitted/);
        const s = JSON.parse(last.slice(last.indexOf('data: ') + 6)) as {
          pass: string;
          arrival: number;
          admission: number;
        };
        admitted.push(s);
        const again = await origin('/api/orders', {
          method: 'POST',
          headers: { ...headers, 'x-waiting-room-pass': s.pass },
          body,
        });
        statuses.push(again.status);
        return again.status;
      }),
    );

    expect(results).toEqual(Array(BUYERS).fill(201));
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // The room engaged, and let people through in the order they came.
    expect(admitted.length).toBeGreaterThan(0);
    const byAdmission = [...admitted].sort((a, b) => a.admission - b.admission);
    const arrivals = byAdmission.map((a) => a.arrival);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));

    const room = (await (await origin('/api/waiting-room')).json()) as Record<string, unknown>;
    expect(room).toMatchObject({ state: 'none', waiting: 0, limit: 1 });
  });

  it('when a pass is forged, then the purchase is not let through on it', async () => {
    const buyer = await signUp(stack, 'forger');
    const r = await origin('/api/orders', {
      method: 'POST',
      headers: {
        ...buyer.auth,
        'content-type': 'application/json',
        'x-waiting-room-pass': 'p1.aaaa.99999999999.bbbb.cccc',
      },
      body: JSON.stringify({ ticketId: '0'.repeat(24) }),
    });
    // The room was idle, so the buyer goes through on their own merit (and the ticket is unknown),
    // and gets a genuine pass for their own session instead of the forged one.
    expect(r.status).toBe(404);
    expect(r.headers.get('x-waiting-room-pass')).toMatch(/^p1\./);
    expect(r.headers.get('x-waiting-room-pass')).not.toContain('aaaa');
  });
});
