import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WaitingRoomStatus } from '@ticketing/contracts';
import { Capacity } from './capacity';
import { isHttps } from '../https';
import { cookie, credentialOf, header, sendJson, setCookie } from './http';
import { WaitingQueue, type Waiter } from './queue';
import { holderOf, readPass, readTicket, signPass, signTicket } from './tokens';

export interface WaitingRoomOptions {
  secret: string;
  /** Answers slower than this (p95 of a window) shrink the admission limit. */
  budgetMs: number;
  initialLimit: number;
  minLimit: number;
  maxLimit: number;
  passTtlMs: number;
  /** How long an admitted buyer's slot is kept for their first request. */
  claimMs: number;
  /** A waiting buyer with no live stream, unseen this long, has left. */
  idleMs: number;
  trustProxy: boolean;
  now?: () => number;
}

export const PASS_COOKIE = 'wr_pass';
export const TICKET_COOKIE = 'wr_ticket';
export const PASS_HEADER = 'x-waiting-room-pass';
export const TICKET_HEADER = 'x-waiting-room-ticket';
/** A place in line is kept this long at most. */
export const TICKET_TTL_MS = 3_600_000;

/** What a buyer is told about their place (the contract's shape). */
export type RoomStatus = WaitingRoomStatus;

/**
 * The fair queue in front of the purchase routes (decision 020). Buyers with a pass go
 * through; others go through at once while the orders path has room and nobody is waiting,
 * and otherwise join the line and are admitted from its head as answers come back.
 */
export class WaitingRoom {
  readonly capacity: Capacity;
  readonly queue = new WaitingQueue();
  private readonly now: () => number;
  private readonly claims = new Map<string, number>();
  private readonly streams = new Map<string, Set<(s: RoomStatus) => void>>();
  private readonly admittedAt: number[] = [];
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;

  constructor(private readonly opts: WaitingRoomOptions) {
    this.now = opts.now ?? Date.now;
    const { budgetMs, initialLimit: initial, minLimit: min, maxLimit: max } = opts;
    this.capacity = new Capacity({ budgetMs, initial, min, max }, this.now());
    this.timer = setInterval(() => this.tick(), 250);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** POST /api/orders and POST /api/payments (not the Stripe webhook). */
  static guards(method: string | undefined, url: string): boolean {
    if (method !== 'POST') return false;
    const path = url.split('?')[0]!.replace(/\/$/, '');
    return path === '/api/orders' || path === '/api/payments';
  }

  /** In front of a purchase route: forward, or answer with the buyer's place in line. */
  gate(req: IncomingMessage, res: ServerResponse, forward: () => void): void {
    const now = this.now();
    const holder = holderOf(credentialOf(req));
    const given = header(req, PASS_HEADER) ?? cookie(req, PASS_COOKIE);
    const pass = readPass(this.opts.secret, given, holder, now);
    if (pass) {
      this.claim(pass.id);
      return this.forward(res, forward);
    }
    if (holder === 'anon') {
      // Not queued (every signed-out caller would share one place): the service says 401.
      if (this.capacity.hasRoom) return this.forward(res, forward);
      req.resume();
      return sendJson(res, 429, {
        errors: [{ message: 'The sale is busy: sign in and try again' }],
      });
    }
    // A buyer already in line (here, or a ticket from another replica) keeps their place.
    const w = this.waiterOf(req) ?? this.queue.join(holder, now);
    this.pump();
    if (w.admitted) {
      this.claim(w.id);
      res.setHeader('set-cookie', this.passCookies(req, w));
      res.setHeader(PASS_HEADER, this.passOf(w));
      // Where this buyer stood, for clients (and the crowd bench) that check the order.
      res.setHeader('x-waiting-room-order', `${w.arrival}/${w.admitted.admission}`);
      return this.forward(res, forward);
    }
    req.resume();
    const status = this.statusOf(w);
    const ticket = signTicket(this.opts.secret, w);
    const secure = isHttps(req, this.opts.trustProxy);
    sendJson(
      res,
      429,
      {
        errors: [
          {
            message: `Many buyers are ahead of you: you are number ${w.position} in the waiting room`,
          },
        ],
        waitingRoom: { ...status, ticket, url: '/waiting-room' },
      },
      {
        'set-cookie': setCookie(TICKET_COOKIE, ticket, TICKET_TTL_MS / 1000, secure),
        'retry-after': String(Math.max(1, status.estimatedWaitSeconds ?? 1)),
        [TICKET_HEADER]: ticket,
      },
    );
  }

  /** GET /api/waiting-room (status, and the pass once admitted) and /api/waiting-room/events. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const path = (req.url ?? '').split('?')[0]!.replace(/\/$/, '');
    if (
      req.method !== 'GET' ||
      (path !== '/api/waiting-room' && path !== '/api/waiting-room/events')
    ) {
      const known = path === '/api/waiting-room' || path === '/api/waiting-room/events';
      return sendJson(res, known ? 405 : 404, {
        errors: [{ message: known ? 'Use GET' : `No API at ${path}` }],
      });
    }
    const w = this.waiterOf(req);
    if (path === '/api/waiting-room/events') {
      if (!w)
        return sendJson(res, 404, { errors: [{ message: 'You are not in the waiting room' }] });
      return this.stream(req, res, w);
    }
    if (!w) return sendJson(res, 200, this.statusOf(undefined));
    const status = this.statusOf(w);
    sendJson(res, 200, status, w.admitted ? { 'set-cookie': this.passCookies(req, w) } : {});
  }

  statusOf(w: Waiter | undefined): RoomStatus {
    const base = {
      waiting: this.queue.length,
      inFlight: this.capacity.inFlight,
      limit: this.capacity.limit,
    };
    if (!w) return { state: 'none', ...base };
    if (w.admitted) {
      return {
        state: 'admitted',
        arrival: w.arrival,
        admission: w.admitted.admission,
        pass: this.passOf(w),
        passExpiresAt: new Date(w.admitted.passExpiresAt).toISOString(),
        ...base,
      };
    }
    return {
      state: 'waiting',
      position: w.position,
      estimatedWaitSeconds: Math.ceil(w.position / this.admissionRate()),
      arrival: w.arrival,
      ...base,
    };
  }

  /** Admissions per second lately, or what the limit and latency promise before there are any. */
  admissionRate(): number {
    const now = this.now();
    while (this.admittedAt.length && now - this.admittedAt[0]! > 10_000) this.admittedAt.shift();
    if (this.admittedAt.length >= 2) {
      const span = Math.max(1, (now - this.admittedAt[0]!) / 1000);
      return Math.max(0.1, this.admittedAt.length / span);
    }
    // Nothing measured yet: what the limit and the latency promise.
    return Math.max(0.1, this.capacity.limit / (this.capacity.meanLatencyMs / 1000));
  }

  private waiterOf(req: IncomingMessage): Waiter | undefined {
    const query =
      new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('ticket') ?? undefined;
    const given = header(req, TICKET_HEADER) ?? query ?? cookie(req, TICKET_COOKIE);
    const t = readTicket(this.opts.secret, given);
    const now = this.now();
    if (!t || t.holder !== holderOf(credentialOf(req))) return undefined;
    if (now - t.arrivedAt > TICKET_TTL_MS) return undefined;
    const w = this.queue.get(t.id) ?? this.queue.adopt(t.id, t.holder, t.arrivedAt, now);
    if (!w) return undefined;
    w.lastSeen = now;
    return w;
  }

  private stream(req: IncomingMessage, res: ServerResponse, w: Waiter): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    const send = (s: RoomStatus) => {
      res.write(`event: ${s.state}\ndata: ${JSON.stringify(s)}\n\n`);
      if (s.state === 'admitted') res.end();
    };
    const set = this.streams.get(w.id) ?? new Set();
    this.streams.set(w.id, set);
    set.add(send);
    w.watchers++;
    const heartbeat = setInterval(() => res.write(': still here\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      set.delete(send);
      if (set.size === 0) this.streams.delete(w.id);
      w.watchers--;
      w.lastSeen = this.now();
    });
    send(this.statusOf(w));
  }

  private forward(res: ServerResponse, forward: () => void): void {
    const started = this.now();
    this.capacity.started();
    res.once('close', () => {
      const status = res.writableFinished || res.headersSent ? res.statusCode : 0;
      this.capacity.finished(this.now() - started, status, this.now());
      this.pump();
    });
    forward();
  }

  private claim(passId: string): void {
    if (this.claims.delete(passId)) this.capacity.release();
  }

  private passOf(w: Waiter): string {
    return signPass(this.opts.secret, {
      id: w.id,
      holder: w.holder,
      expiresAt: w.admitted!.passExpiresAt,
    });
  }

  private passCookies(req: IncomingMessage, w: Waiter): string[] {
    const secure = isHttps(req, this.opts.trustProxy);
    const ttl = (w.admitted!.passExpiresAt - this.now()) / 1000;
    return [
      setCookie(PASS_COOKIE, this.passOf(w), ttl, secure),
      setCookie(TICKET_COOKIE, '', 0, secure),
    ];
  }

  /** Admits from the head while the orders path has room. */
  private pump(): void {
    const now = this.now();
    while (this.capacity.hasRoom) {
      const w = this.queue.admitNext(now, this.opts.idleMs, this.opts.passTtlMs);
      if (!w) return;
      this.capacity.reserve();
      this.claims.set(w.id, now + this.opts.claimMs);
      this.admittedAt.push(now);
      const listeners = this.streams.get(w.id);
      if (listeners) for (const send of [...listeners]) send(this.statusOf(w));
    }
  }

  private tick(): void {
    const now = this.now();
    this.capacity.tick(now);
    for (const [id, until] of this.claims) {
      if (until <= now) {
        this.claims.delete(id);
        this.capacity.release();
      }
    }
    this.pump();
    // Positions go out once a second: enough for a person, cheap with thousands waiting.
    if (++this.ticks % 4 !== 0) return;
    this.queue.sweep(now, TICKET_TTL_MS);
    for (const w of this.queue.refresh()) {
      const listeners = this.streams.get(w.id);
      if (listeners) for (const send of listeners) send(this.statusOf(w));
    }
  }
}
