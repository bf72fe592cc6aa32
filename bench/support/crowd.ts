/**
 * A flash crowd through the origin's waiting room: every buyer arrives at once, tries to buy,
 * and, when told to wait, follows the room's event stream until admitted, then buys with the
 * pass. Measures what the issue asks: the admitted requests' latency, whether admission kept
 * arrival order (as the origin numbered them, and as the buyers saw it), and the 5xx count.
 */
import { Agent, fetch as streamFetch } from 'undici';
import { call, pct, say, type Buyer } from './stack';

/** Event streams get their own connections: thousands stay open while the sale goes on. */
const streams = new Agent({ connections: null, keepAliveTimeout: 1_000 });

interface Outcome {
  arrival: number;
  admission: number;
  queued: boolean;
  /** Buyer's clock: when the room's answer said they were in. */
  admittedSeenAt: number;
  waitedMs: number;
  latencyMs: number;
  status: number;
}

async function followUntilAdmitted(web: string, auth: Record<string, string>, ticket: string) {
  const res = await streamFetch(`${web}/api/waiting-room/events`, {
    headers: { ...auth, 'x-waiting-room-ticket': ticket },
    dispatcher: streams,
  });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!message.startsWith('event: admitted')) continue;
      const data = JSON.parse(message.slice(message.indexOf('data: ') + 6)) as {
        pass: string;
        arrival: number;
        admission: number;
      };
      return { ...data, seenAt: performance.now() };
    }
  }
  throw new Error('the event stream ended before admission');
}

export async function crowdSale(web: string, buyers: Buyer[], pick: (i: number) => string) {
  const statuses = new Map<number, number>();
  const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
  const outcomes: Outcome[] = [];
  let errors = 0;
  const url = `${web}/api/orders`;
  const started = performance.now();
  let done = 0;
  const progress = setInterval(() => say(`crowd: ${done}/${buyers.length} served`), 5_000);

  await Promise.all(
    buyers.map(async (b, i) => {
      const ticketId = pick(i);
      const sent = performance.now();
      try {
        const first = await call(url, 'POST', b.auth, { ticketId });
        count(first.status);
        if (first.status !== 429 || !first.body?.waitingRoom) {
          // Straight through (the room had space): the answer is the admitted request's.
          outcomes.push({
            arrival: 0,
            admission: 0,
            queued: false,
            admittedSeenAt: sent,
            waitedMs: 0,
            latencyMs: performance.now() - sent,
            status: first.status,
          });
          return;
        }
        const room = first.body.waitingRoom as { ticket: string; arrival: number };
        const admitted = await followUntilAdmitted(web, b.auth, room.ticket);
        const t0 = performance.now();
        const r = await call(
          url,
          'POST',
          { ...b.auth, 'x-waiting-room-pass': admitted.pass },
          {
            ticketId,
          },
        );
        count(r.status);
        outcomes.push({
          arrival: admitted.arrival,
          admission: admitted.admission,
          queued: true,
          admittedSeenAt: admitted.seenAt,
          waitedMs: admitted.seenAt - sent,
          latencyMs: performance.now() - t0,
          status: r.status,
        });
      } catch (err) {
        errors++;
        if (errors <= 5) say(`crowd: buyer ${i}: ${(err as Error).message}`);
      } finally {
        done++;
      }
    }),
  );
  clearInterval(progress);
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    statuses,
    outcomes,
    errors,
    room: (await call(`${web}/api/waiting-room`, 'GET', {})).body,
  };
}

/**
 * FIFO as the origin numbered it (arrival vs admission: any admission of a later arrival before
 * an earlier one is an overtaking) and as the buyers saw it (how much sooner a later arrival
 * learnt it was in than an earlier one: the jitter of the event streams and the client).
 */
export function fifoReport(outcomes: Outcome[]) {
  const queued = outcomes.filter((o) => o.queued).sort((a, b) => a.admission - b.admission);
  let overtakings = 0;
  let maxDisplacement = 0;
  const byArrival = [...queued].sort((a, b) => a.arrival - b.arrival);
  const rank = new Map(byArrival.map((o, i) => [o, i]));
  queued.forEach((o, i) => {
    maxDisplacement = Math.max(maxDisplacement, Math.abs(rank.get(o)! - i));
    if (i > 0 && o.arrival < queued[i - 1]!.arrival) overtakings++;
  });
  let latestEarlier = -Infinity;
  let jitterMs = 0;
  let seenOutOfOrder = 0;
  for (const o of byArrival) {
    if (latestEarlier > o.admittedSeenAt) {
      seenOutOfOrder++;
      jitterMs = Math.max(jitterMs, latestEarlier - o.admittedSeenAt);
    }
    latestEarlier = Math.max(latestEarlier, o.admittedSeenAt);
  }
  const waits = queued.map((o) => o.waitedMs).sort((a, b) => a - b);
  return {
    queued: queued.length,
    overtakings,
    maxDisplacement,
    seenOutOfOrder,
    clientJitterMs: Number(jitterMs.toFixed(1)),
    waitP50ms: pct(waits, 50),
    waitP99ms: pct(waits, 99),
  };
}

export const closeCrowdStreams = (): Promise<void> => streams.close();
