import type { OutboxEntry } from '@ticketing/common';
import request from 'supertest';
import { TicketModel } from '../src/data/ticket-model';
import { onOrderCancelled } from '../src/events/order-cancelled';
import { onOrderCreated } from '../src/events/order-created';
import {
  createTicket,
  createTickets,
  logger,
  newUser,
  orderCancelled,
  orderCreated,
  orderId,
  RecordingPublisher,
  stored,
  ticketRelay,
  useTicketsApp,
  type TicketJson,
} from './harness';

const h = useTicketsApp();
const seller = newUser('seller');
const deps = h.deps;
const created = onOrderCreated(deps);
const cancelled = onOrderCancelled(deps);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const put = (id: string, body: object) =>
  request(h.app).put(`/api/tickets/${id}`).set('Authorization', seller.auth).send(body);

/** The events of a ticket are its versions 0..n, one each, and the last one is what is stored. */
async function expectOneEventPerVersion(ticket: TicketJson) {
  const events = await h.eventsOf(ticket.id);
  const doc = await stored(ticket.id);
  expect(events.map((e) => e.event.version)).toEqual(
    Array.from({ length: doc!.version + 1 }, (_, v) => v),
  );
  const last = events.at(-1)!.event as Record<string, unknown>;
  expect(last).toMatchObject({ status: doc!.status, orderId: doc!.orderId, price: doc!.price });
}

describe('an edit racing a reservation', () => {
  async function race(ticket: TicketJson, order: string, delay: number) {
    return Promise.all([
      put(ticket.id, { price: 2000 }),
      sleep(delay).then(() => created(orderCreated(ticket, order))),
    ]);
  }

  it('when a PUT and order.created race, then edited-then-reserved or reserved-then-409, never a lost change', async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 16; i++) {
      const ticket = await createTicket(h, seller, { price: 1000 });
      const order = orderId();
      // The HTTP request takes longer to reach the database than the direct handler call; a
      // varying head start for the request changes which of the two gets there first.
      const [res, handled] = await race(ticket, order, i % 4);

      expect(handled).toBe('success');
      const doc = await stored(ticket.id);
      expect(doc).toMatchObject({ status: 'reserved', orderId: order });
      if (res.status === 200) {
        outcomes.add('edited-then-reserved');
        expect(res.body).toMatchObject({ price: 2000, version: 1, status: 'available' });
        expect(doc).toMatchObject({ price: 2000, version: 2 });
      } else {
        outcomes.add('reserved-then-409');
        expect(res.status).toBe(409);
        expect(doc).toMatchObject({ price: 1000, version: 1 });
      }
      await expectOneEventPerVersion(ticket);
    }
    // Which one wins is up to the scheduler and both are correct, so neither is required.
    logger.debug({ outcomes: [...outcomes] }, 'race outcomes');
  });

  it('when edits, reservations and cancellations pile up at once, then versions rise by one with one event each', async () => {
    for (let round = 0; round < 3; round++) {
      const ticket = await createTicket(h, seller);
      const orders = [orderId(), orderId(), orderId()];
      const results = await Promise.all([
        ...[11, 12, 13, 14, 15].map((price) => put(ticket.id, { price })),
        ...orders.map((o) => created(orderCreated(ticket, o))),
        cancelled(orderCancelled(ticket.id, orders[0]!)),
      ]);
      const edits = results.slice(0, 5) as request.Response[];
      expect(edits.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      await expectOneEventPerVersion(ticket);
    }
  });
});

describe('the outbox relay', () => {
  it('when a ticket changed several times, then the relay publishes in version order and empties the outbox', async () => {
    const ticket = await createTicket(h, seller);
    await put(ticket.id, { price: 10 }).expect(200);
    await put(ticket.id, { price: 20 }).expect(200);
    const order = orderId();
    await created(orderCreated(ticket, order));
    await cancelled(orderCancelled(ticket.id, order));
    await request(h.app)
      .delete(`/api/tickets/${ticket.id}`)
      .set('Authorization', seller.auth)
      .expect(204);

    const pending = (await stored(ticket.id))!.outbox as OutboxEntry[];
    expect(pending.map((e) => [e.topic, (e.data as { version: number }).version])).toEqual([
      ['ticket.created', 0],
      ['ticket.updated', 1],
      ['ticket.updated', 2],
      ['ticket.updated', 3],
      ['ticket.updated', 4],
      ['ticket.deleted', 5],
    ]);

    const publisher = new RecordingPublisher();
    await ticketRelay(publisher).drain();

    const mine = publisher.published.filter((p) => p.event.id === ticket.id);
    expect(mine.map((p) => p.event.version)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mine.map((p) => p.event.eventId)).toEqual(pending.map((e) => e.eventId));
    expect((await stored(ticket.id))!.outbox).toEqual([]);
    expect(await TicketModel.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
  });

  it('when the sidecar refuses a publish, then the entry stays and the next drain publishes it', async () => {
    const ticket = await createTicket(h, seller);
    let refuse = true;
    const publisher = new RecordingPublisher();
    const flaky = {
      publish: async (...args: Parameters<RecordingPublisher['publish']>) => {
        if (refuse) throw new Error('sidecar away');
        return publisher.publish(...args);
      },
    };
    await expect(ticketRelay(flaky).drain()).rejects.toThrow('sidecar away');
    expect((await stored(ticket.id))!.outbox).toHaveLength(1);

    refuse = false;
    await ticketRelay(flaky).drain();
    expect(publisher.published.some((p) => p.event.id === ticket.id)).toBe(true);
    expect((await stored(ticket.id))!.outbox).toEqual([]);
  });

  it('when a change lands while the relay is publishing, then the change and its event survive the pull', async () => {
    const ticket = await createTicket(h, seller);
    let changed = false;
    const publisher = new RecordingPublisher();
    const relay = ticketRelay(publisher, {
      beforePublish: async (entry) => {
        if (changed || (entry.data as { id: string }).id !== ticket.id) return;
        changed = true;
        await put(ticket.id, { price: 4242 }).expect(200);
      },
    });
    await relay.drain();

    const mine = publisher.published.filter((p) => p.event.id === ticket.id);
    expect(mine.map((p) => p.event.version)).toEqual([0, 1]);
    expect(await stored(ticket.id)).toMatchObject({ price: 4242, version: 1, outbox: [] });
  });

  it('when drains race many changes, then no change and no event is lost', async () => {
    const tickets = await Promise.all(Array.from({ length: 5 }, () => createTicket(h, seller)));
    const publisher = new RecordingPublisher();
    // Two relays sweeping at once, as a restarted process and a kicked drain may.
    const sweep = () => ticketRelay(publisher).drain();

    for (let round = 1; round <= 4; round++) {
      await Promise.all([
        sweep(),
        ...tickets.map((t) => put(t.id, { price: 100 * round }).expect(200)),
        sweep(),
      ]);
    }
    await sweep();

    for (const t of tickets) {
      expect(await stored(t.id)).toMatchObject({ price: 400, version: 4, outbox: [] });
      const versions = publisher.published
        .filter((p) => p.event.id === t.id)
        .map((p) => p.event.version);
      // Every version at least once, in order (a duplicate is allowed: consumers ignore it).
      expect([...new Set(versions)]).toEqual([0, 1, 2, 3, 4]);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
  });

  it('when the app names the tickets it wrote, then the relay drains exactly those by id, without a sweep', async () => {
    const publisher = new RecordingPublisher();
    const relay = ticketRelay(publisher);
    await relay.drain(); // the start-up sweep
    publisher.published.length = 0;

    const before = h.kicks.length;
    const listed = await createTickets(h, seller, { quantity: 3 });
    const kicked = h.kicks.slice(before);
    const unnamed = await createTicket(h, seller);
    for (const id of kicked) relay.kick(id);
    await relay.stop();

    expect(kicked).toEqual(listed.map((t) => t.id));
    // Documents drain in parallel: each ticket's events keep their order, tickets need not.
    const sorted = (pairs: string[][]) => pairs.map((p) => p.join(' ')).sort();
    expect(sorted(publisher.published.map((p) => [p.topic, p.event.id]))).toEqual(
      sorted(listed.map((t) => ['ticket.created', t.id])),
    );
    for (const t of listed) expect((await stored(t.id))!.outbox).toEqual([]);
    // Written but not named: it waits for a sweep.
    expect((await stored(unnamed.id))!.outbox).toHaveLength(1);
  });
});
