import { startStack, type Stack } from '@ticketing/runner';
import { signUp } from './support/shop';
import { invoke } from './support/stack-helpers';
import { joinWanted, notificationsOf, notified, soldOutEvent } from './support/wanted';

jest.setTimeout(180_000);

/**
 * Notifications live in the `appstate` Dapr state store (SQLite in the nats profile, Redis in the
 * redis one), written by orders through its sidecar's state API.
 */
describe.each(['nats', 'redis'])('notifications through the %s profile', (profile) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', profile, only: ['auth', 'tickets', 'orders'] });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('when a freed ticket is held for the first on the wanted list, then they are notified, and can mark it read', async () => {
    const holder = await signUp(stack, 'holder');
    const { orderId, eventId } = await soldOutEvent(stack, await signUp(stack, 'seller'), holder);
    const fan = await signUp(stack, 'fan');
    expect((await joinWanted(stack, fan, eventId, 5000)).status).toBe(201);

    const cancel = await invoke(stack, 'orders', 'orders', 'DELETE', `api/orders/${orderId}`, {
      headers: holder.auth,
    });
    expect(cancel.status).toBe(200);

    const note = await notified(stack, fan, 'hold-offered');
    expect(note).toMatchObject({ read: false, link: expect.stringMatching(/^\/orders\//) });
    expect((await notificationsOf(stack, fan)).unread).toBe(1);

    const read = await invoke(stack, 'orders', 'orders', 'POST', 'api/notifications/read', {
      headers: fan.auth,
      body: { ids: [note.id] },
    });
    expect(read.body).toEqual({ unread: 0 });
    expect((await notificationsOf(stack, fan)).items[0]).toMatchObject({ id: note.id, read: true });
  });
});
