import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from './support/stack-helpers';

jest.setTimeout(120_000);

describe.each(['nats', 'redis'])('pub/sub through the %s profile', (profile) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', profile, only: ['auth'], include: ['echo'] });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("when auth's sidecar publishes, then the echo app receives it through the broker", async () => {
    const eventId = randomUUID();
    const res = await fetch(`${stack.daprUrl('auth')}/v1.0/publish/pubsub/system.ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dapr-api-token': stack.daprApiToken },
      body: JSON.stringify({ eventId, sentAt: new Date().toISOString(), note: profile }),
    });
    expect(res.status).toBe(204);

    const got = await eventually(async () => {
      const r = await invoke(stack, 'echo', 'echo', 'GET', 'received');
      const list = (r.body as { received: { eventId: string }[] }).received;
      return list.find((e) => e.eventId === eventId);
    });
    expect(got).toMatchObject({ eventId, note: profile });
  });

  it('when a malformed event is published, then it is dropped and later events still arrive', async () => {
    await fetch(`${stack.daprUrl('auth')}/v1.0/publish/pubsub/system.ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dapr-api-token': stack.daprApiToken },
      body: JSON.stringify({ nonsense: true }),
    });
    const eventId = randomUUID();
    await fetch(`${stack.daprUrl('auth')}/v1.0/publish/pubsub/system.ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dapr-api-token': stack.daprApiToken },
      body: JSON.stringify({ eventId, sentAt: new Date().toISOString(), note: 'after' }),
    });
    await eventually(async () => {
      const r = await invoke(stack, 'echo', 'echo', 'GET', 'received');
      return (r.body as { received: { eventId: string }[] }).received.find(
        (e) => e.eventId === eventId,
      );
    });
  });
});
