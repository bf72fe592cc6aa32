/**
 * The waiting room over real HTTP, in front of a stand-in for the orders path (the edge we own,
 * as in proxy.test.ts) whose answers the test releases one by one.
 */
import http, { type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WaitingRoom } from '../server/waiting-room/room';
import { holderOf, signPass } from '../server/waiting-room/tokens';

const SECRET = 'w'.repeat(32);

describe('the waiting room in front of the purchase routes', () => {
  let server: Server;
  let base: string;
  let room: WaitingRoom;
  const held: ServerResponse[] = [];
  const forwarded: string[] = [];

  beforeAll(async () => {
    room = new WaitingRoom({
      secret: SECRET,
      budgetMs: 10_000,
      initialLimit: 1,
      minLimit: 1,
      maxLimit: 1,
      passTtlMs: 60_000,
      claimMs: 60_000,
      idleMs: 60_000,
      trustProxy: false,
    });
    server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/api/waiting-room')) return room.handle(req, res);
      const orders = () => {
        forwarded.push(`${req.method} ${url} ${req.headers.authorization}`);
        req.resume();
        held.push(res);
      };
      if (WaitingRoom.guards(req.method, url)) return room.gate(req, res, orders);
      orders();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    room.close();
    for (const r of held) r.end();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const buy = (who: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json', ...headers },
      body: '{"ticketId":"t"}',
    });
  const answerOne = () => {
    const res = held.shift()!;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end('{"id":"o"}');
  };
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok()).toBe(true);
  };

  it('when the orders path is full, then later buyers get 429 with their place, and are admitted in arrival order', async () => {
    const first = buy('ann');
    await until(() => held.length === 1);

    const queued = [];
    for (const who of ['bob', 'cat', 'dan']) {
      const r = await buy(who);
      expect(r.status).toBe(429);
      const body = await r.json();
      expect(body.errors[0].message).toMatch(/waiting room/);
      queued.push({
        who,
        ticket: body.waitingRoom.ticket as string,
        position: body.waitingRoom.position,
      });
    }
    expect(queued.map((q) => q.position)).toEqual([1, 2, 3]);
    expect(forwarded).toHaveLength(1);

    // Live updates for the last one: its position, then its admission.
    const events = await fetch(`${base}/api/waiting-room/events`, {
      headers: { authorization: 'Bearer dan', 'x-waiting-room-ticket': queued[2]!.ticket },
    });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);

    const admitted: string[] = [];
    for (let i = 0; i < 3; i++) {
      answerOne();
      await until(() =>
        queued.some((q) => !admitted.includes(q.who) && room.queue.get(readId(q.ticket))?.admitted),
      );
      const q = queued.find(
        (x) => !admitted.includes(x.who) && room.queue.get(readId(x.ticket))?.admitted,
      )!;
      admitted.push(q.who);
      const status = await fetch(`${base}/api/waiting-room`, {
        headers: { authorization: `Bearer ${q.who}`, 'x-waiting-room-ticket': q.ticket },
      });
      const s = await status.json();
      expect(s.state).toBe('admitted');
      expect(status.headers.get('set-cookie')).toMatch(/wr_pass=p1\./);
      // With the pass, the purchase goes through at once.
      const r = buy(q.who, { 'x-waiting-room-pass': s.pass });
      await until(() => held.length === 1);
      void r;
    }
    expect(admitted).toEqual(['bob', 'cat', 'dan']);
    const text = await events.text();
    expect(text).toMatch(/event: waiting\ndata: \{"state":"waiting","position":3/);
    expect(text).toMatch(/event: admitted\ndata: \{"state":"admitted"/);
    answerOne();
    expect((await first).status).toBe(201);
  });

  it('when a pass is forged or belongs to another session, then it does not let anyone through', async () => {
    const busy = buy('eve');
    await until(() => held.length === 1);
    const stolen = room.statusOf(room.queue.join('fay', Date.now()));
    expect(stolen.state).toBe('waiting');
    const forged = await buy('gus', { 'x-waiting-room-pass': 'p1.x.99999999999.y.zzz' });
    expect(forged.status).toBe(429);
    const fays = signPass(SECRET, {
      id: 'f',
      holder: holderOf('fay'),
      expiresAt: Date.now() + 60_000,
    });
    expect((await buy('gus', { 'x-waiting-room-pass': fays })).status).toBe(429);
    const fay = buy('fay', { 'x-waiting-room-pass': fays });
    await until(() => held.length === 2);
    answerOne();
    expect((await busy).status).toBe(201);
    answerOne();
    expect((await fay).status).toBe(201);
  });

  it('when the Stripe webhook or a read comes, then the room does not stand in its way', async () => {
    expect(WaitingRoom.guards('POST', '/api/payments/webhook')).toBe(false);
    expect(WaitingRoom.guards('GET', '/api/orders')).toBe(false);
    expect(WaitingRoom.guards('POST', '/api/payments')).toBe(true);
    expect(WaitingRoom.guards('POST', '/api/orders?x=1')).toBe(true);
  });

  it('when someone asks for the events without a ticket, then they get 404 in the error shape', async () => {
    const r = await fetch(`${base}/api/waiting-room/events`, {
      headers: { authorization: 'Bearer zed' },
    });
    expect(r.status).toBe(404);
    expect((await r.json()).errors[0].message).toMatch(/not in the waiting room/);
    const p = await fetch(`${base}/api/waiting-room`, { method: 'POST' });
    expect(p.status).toBe(405);
  });
});

function readId(ticket: string): string {
  return ticket.split('.')[1]!;
}
