/**
 * Cancelling an event through real sidecars (decision 017): refused while a buyer holds a
 * ticket; once nobody does, its listings leave the sale (orders stops selling them), its wanted
 * list closes with a notification to each person on it, and comments hides its threads.
 */
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from './support/stack-helpers';
import { getTicket, listTicket, orderWhenKnown, signUp } from './support/shop';
import { eventOf, joinWanted, notified, wantedLength } from './support/wanted';

jest.setTimeout(300_000);

describe('cancelling an event through real sidecars', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      only: ['auth', 'tickets', 'orders', 'payments', 'expiration', 'comments'],
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const cancel = (eventId: string, who: { auth: Record<string, string> }) =>
    invoke(stack, 'tickets', 'tickets', 'POST', `api/events/${eventId}/cancel`, {
      headers: who.auth,
    });
  const comments = async (query: string) =>
    (await invoke(stack, 'comments', 'comments', 'GET', `api/comments/counts?${query}`)).body as {
      event?: number;
      tickets: Record<string, number>;
    };

  it('when its organiser cancels while a buyer holds a ticket, then 409; once the hold is gone, the event is cancelled everywhere', async () => {
    const organiser = await signUp(stack, 'organiser');
    const holder = await signUp(stack, 'holder');
    const fan = await signUp(stack, 'fan');
    const [ticket] = await listTicket(stack, organiser, { price: 2500 });
    const eventId = await eventOf(stack, ticket!.id);

    // Held: sold out; the fan joins the wanted list below the price, and comments.
    const order = await orderWhenKnown(stack, holder, ticket!.id);
    expect(order.status).toBe(201);
    await eventually(async () =>
      (await getTicket(stack, ticket!.id)).status === 'reserved' ? true : undefined,
    );
    expect((await joinWanted(stack, fan, eventId, 1000)).status).toBe(201);
    const posted = await eventually(async () => {
      const res = await invoke(stack, 'comments', 'comments', 'POST', 'api/comments', {
        headers: fan.auth,
        body: { ticketId: ticket!.id, text: 'Anyone selling?' },
      });
      return res.status === 404 ? undefined : res;
    }, 30_000);
    expect(posted.status).toBe(201);

    const refused = await cancel(eventId, organiser);
    expect(refused.status).toBe(409);
    expect((await cancel(eventId, fan)).status).toBe(403);

    // The holder lets go: nobody on the list covers the price, so it is on sale to everyone.
    const orderId = (order.body as { id: string }).id;
    const dropped = await invoke(stack, 'orders', 'orders', 'DELETE', `api/orders/${orderId}`, {
      headers: holder.auth,
    });
    expect(dropped.status).toBe(200);
    await eventually(async () =>
      (await getTicket(stack, ticket!.id)).status === 'available' ? true : undefined,
    );

    const done = await cancel(eventId, organiser);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: eventId, status: 'cancelled' });

    // tickets: gone from its page and the sale.
    const page = await invoke(stack, 'tickets', 'tickets', 'GET', `api/events/${eventId}`);
    expect(page.body).toMatchObject({ status: 'cancelled', listings: { total: 0 } });
    expect(
      (await invoke(stack, 'tickets', 'tickets', 'GET', `api/tickets/${ticket!.id}`)).status,
    ).toBe(404);
    // orders: the listing cannot be ordered once ticket.deleted lands (an order placed before
    // that is cancelled by it).
    const buyer = await signUp(stack, 'buyer');
    const ordered = await eventually(async () => {
      const res = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
        headers: buyer.auth,
        body: { ticketId: ticket!.id },
      });
      return res.status === 404 ? res.status : undefined;
    }, 30_000);
    expect(ordered).toBe(404);
    // orders: the wanted list closed, and the fan was told.
    const told = await notified(stack, fan, 'event-cancelled', 30_000);
    expect(told.link).toBe(`/events/${eventId}`);
    expect(await wantedLength(stack, eventId)).toBe(0);
    expect((await joinWanted(stack, await signUp(stack, 'late'), eventId, 5000)).status).not.toBe(
      201,
    );
    // comments: the listing's thread counts nothing and takes no comment.
    await eventually(
      async () =>
        (await comments(`ticketIds=${ticket!.id}`)).tickets[ticket!.id] === 0 ? true : undefined,
      30_000,
    );
    const late = await invoke(stack, 'comments', 'comments', 'POST', 'api/comments', {
      headers: fan.auth,
      body: { eventId, text: 'What happened?' },
    });
    expect(late.status).toBe(404);
  });
});
