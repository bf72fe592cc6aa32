import { listedTicket, listFor, post, user, useCommentsApp } from './harness';

async function refuseConnection(): Promise<never> {
  throw new Error('connect ECONNREFUSED 127.0.0.1:3506');
}

// The limiter's edge: a state store that cannot be reached (the sidecar is down).
const h = useCommentsApp(() => ({
  take: refuseConnection,
  check: refuseConnection,
}));

describe('when the rate-limit store is unavailable', () => {
  it('when a user comments, then 503 and nothing is stored (the limit fails closed)', async () => {
    const { id: ticketId } = await listedTicket(h);

    const res = await post(h, user(), { ticketId, text: 'hello' });

    expect(res.status).toBe(503);
    expect(res.body.errors).toEqual([
      { message: 'Comments cannot be saved just now; try again in a moment' },
    ]);
    expect((await listFor(h, { ticketId })).body.total).toBe(0);
  });
});
