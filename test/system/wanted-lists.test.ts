import { startStack, type Stack } from '@ticketing/runner';
import { getOrder, getTicket, payWhenKnown, signUp } from './support/shop';
import { eventually, invoke } from './support/stack-helpers';
import { joinWanted, notified, orderIdOf, soldOutEvent, wantedLength } from './support/wanted';

jest.setTimeout(240_000);

const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration'];
/** Short priority holds, so a lapse fits in a test. */
const HOLD_SECONDS = 15;

describe('wanted lists through real sidecars', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      only: SERVICES,
      env: { WANTED_HOLD_SECONDS: String(HOLD_SECONDS) },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when 20 people join a sold-out event at once, then each gets a distinct position', async () => {
    const { eventId } = await soldOutEvent(
      stack,
      await signUp(stack, 'seller'),
      await signUp(stack, 'holder'),
    );
    const people = await Promise.all(Array.from({ length: 20 }, () => signUp(stack, 'fan')));

    const joins = await Promise.all(people.map((p) => joinWanted(stack, p, eventId, 3000)));

    expect(joins.map((j) => j.status)).toEqual(Array(20).fill(201));
    const positions = joins.map((j) => (j.body as { position: number }).position);
    expect(new Set(positions).size).toBe(20);
    expect(await wantedLength(stack, eventId)).toBe(20);
  });

  it('when a holder resells, then the first on the list gets a priority hold; when it lapses, the second gets it, pays and holds the ticket', async () => {
    const seller = await signUp(stack, 'seller');
    const holder = await signUp(stack, 'holder');
    const { ticketId, eventId } = await soldOutEvent(stack, seller, holder, { pay: true });
    const [first, second] = [await signUp(stack, 'first'), await signUp(stack, 'second')];
    expect((await joinWanted(stack, first, eventId, 2500)).status).toBe(201);
    expect((await joinWanted(stack, second, eventId, 3000)).status).toBe(201);

    const resell = await invoke(
      stack,
      'tickets',
      'tickets',
      'POST',
      `api/tickets/${ticketId}/resale`,
      {
        headers: holder.auth,
        body: { price: 2500 },
      },
    );
    expect(resell.status).toBe(200);

    const offer = await notified(stack, first, 'hold-offered');
    const firstOrder = orderIdOf(offer);
    expect(await getOrder(stack, first, firstOrder)).toMatchObject({ status: 'created' });
    // Nobody else can buy it meanwhile.
    const stranger = await signUp(stack, 'stranger');
    const refused = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
      headers: stranger.auth,
      body: { ticketId },
    });
    expect(refused.status).toBe(409);

    // `first` lets it lapse: told so, and the ticket goes to `second`.
    await notified(stack, first, 'hold-lapsed', 60_000);
    const next = await notified(stack, second, 'hold-offered', 30_000);
    const secondOrder = orderIdOf(next);
    expect((await payWhenKnown(stack, second, secondOrder)).status).toBe(201);
    const sold = await eventually(async () => {
      const t = await getTicket(stack, ticketId, second);
      return t.status === 'sold' && t.holderId === second.id ? t : undefined;
    }, 30_000);
    expect(sold.holderId).toBe(second.id);
    expect(await wantedLength(stack, eventId)).toBe(0);
    // The reseller hears their ticket sold.
    await notified(stack, holder, 'ticket-sold');
  });

  it('when the expiration app restarts during a priority hold, then the hold still lapses and passes on', async () => {
    const seller = await signUp(stack, 'seller');
    const holder = await signUp(stack, 'holder');
    const { orderId, eventId } = await soldOutEvent(stack, seller, holder);
    const [first, second] = [await signUp(stack, 'first'), await signUp(stack, 'second')];
    await joinWanted(stack, first, eventId, 5000);
    await joinWanted(stack, second, eventId, 5000);
    // The holder gives the ticket up: it goes to `first` with a short hold.
    const cancel = await invoke(stack, 'orders', 'orders', 'DELETE', `api/orders/${orderId}`, {
      headers: holder.auth,
    });
    expect(cancel.status).toBe(200);
    const offer = await notified(stack, first, 'hold-offered');
    // Let expiration register the reminder, then crash it and bring it back.
    await new Promise((r) => setTimeout(r, 1000));
    await stack.stopService('expiration', { kill: true });
    await stack.startService('expiration');

    await eventually(
      async () =>
        (await getOrder(stack, first, orderIdOf(offer))).status === 'cancelled' ? true : undefined,
      60_000,
    );
    await notified(stack, second, 'hold-offered', 30_000);
  });
});
