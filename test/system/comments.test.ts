/**
 * The comments service through real sidecars: comments on a listing once tickets' events reach
 * it, the per-user rate limit kept in the `appstate` store through the sidecar (exact under a
 * burst, and still there after the app and its sidecar restart), the seller's moderation, and a
 * deleted listing hiding its comments.
 */
import { startStack, type Stack } from '@ticketing/runner';
import { eventually, invoke } from './support/stack-helpers';
import { listTicket, signUp, type User } from './support/shop';

jest.setTimeout(240_000);

const LIMIT = 3;
const WINDOW_SECONDS = 120;

describe('comments through real sidecars', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      ports: 'free',
      only: ['auth', 'tickets', 'comments'],
      env: {
        COMMENTS_RATE_LIMIT: String(LIMIT),
        COMMENTS_RATE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const comment = (user: User, body: Record<string, unknown>) =>
    invoke(stack, 'comments', 'comments', 'POST', 'api/comments', {
      headers: user.auth,
      body,
    });
  const list = async (ticketId: string) =>
    (await invoke(stack, 'comments', 'comments', 'GET', `api/comments?ticketId=${ticketId}`))
      .body as { items: { id: string; text: string }[]; total: number };

  /** Comments once comments has heard of the listing (404 until ticket.created lands there). */
  const commentWhenKnown = (user: User, ticketId: string, text: string) =>
    eventually(async () => {
      const res = await comment(user, { ticketId, text });
      return res.status === 404 ? undefined : res;
    }, 30_000);

  it('when a user comments on a new listing, then it is listed through the sidecar', async () => {
    const seller = await signUp(stack, 'seller');
    const fan = await signUp(stack, 'fan');
    const [ticket] = await listTicket(stack, seller);

    const res = await commentWhenKnown(fan, ticket!.id, 'Is it near the stage?');

    expect(res.status).toBe(201);
    expect((await list(ticket!.id)).items.map((c) => c.text)).toEqual(['Is it near the stage?']);
  });

  it('when one user sends 12 comments at once, then exactly the limit get through and the rest get 429 with Retry-After, and a restart forgets nothing', async () => {
    const seller = await signUp(stack, 'seller');
    const chatty = await signUp(stack, 'chatty');
    const [ticket] = await listTicket(stack, seller);
    // Another user's comment shows comments has heard of the listing.
    const other = await signUp(stack, 'other');
    await commentWhenKnown(other, ticket!.id, 'first');

    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        comment(chatty, { ticketId: ticket!.id, text: `#${i}` }),
      ),
    );

    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - LIMIT);
    for (const refused of burst.filter((r) => r.status === 429)) {
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect(refused.body).toEqual({
        errors: [{ message: expect.stringMatching(/^You are commenting too fast/) }],
      });
    }
    expect((await list(ticket!.id)).total).toBe(LIMIT + 1);

    // Another user is not held back by this one.
    expect((await comment(other, { ticketId: ticket!.id, text: 'me too' })).status).toBe(201);

    // The counts live in the state store, not in the process: a restarted app still refuses.
    await stack.stopService('comments');
    await stack.startService('comments');
    const after = await comment(chatty, { ticketId: ticket!.id, text: 'after restart' });
    expect(after.status).toBe(429);
    expect((await list(ticket!.id)).total).toBe(LIMIT + 2);
  });

  it("when the seller removes someone else's comment, then it is gone; a stranger cannot", async () => {
    const seller = await signUp(stack, 'seller');
    const fan = await signUp(stack, 'fan');
    const stranger = await signUp(stack, 'stranger');
    const [ticket] = await listTicket(stack, seller);
    const posted = await commentWhenKnown(fan, ticket!.id, 'spam spam');
    const id = (posted.body as { id: string }).id;

    const byStranger = await invoke(stack, 'comments', 'comments', 'DELETE', `api/comments/${id}`, {
      headers: stranger.auth,
    });
    const bySeller = await invoke(stack, 'comments', 'comments', 'DELETE', `api/comments/${id}`, {
      headers: seller.auth,
    });

    expect(byStranger.status).toBe(403);
    expect(bySeller.status).toBe(204);
    expect((await list(ticket!.id)).total).toBe(0);
  });

  it('when the seller deletes the listing, then its comments disappear from lists and counts', async () => {
    const seller = await signUp(stack, 'seller');
    const fan = await signUp(stack, 'fan');
    const [ticket] = await listTicket(stack, seller);
    await commentWhenKnown(fan, ticket!.id, 'still for sale?');
    expect((await list(ticket!.id)).total).toBe(1);

    const del = await invoke(stack, 'tickets', 'tickets', 'DELETE', `api/tickets/${ticket!.id}`, {
      headers: seller.auth,
    });
    expect(del.status).toBe(204);

    await eventually(async () => ((await list(ticket!.id)).total === 0 ? true : undefined), 30_000);
    const counts = await invoke(
      stack,
      'comments',
      'comments',
      'GET',
      `api/comments/counts?ticketIds=${ticket!.id}`,
    );
    expect(counts.body).toEqual({ tickets: { [ticket!.id]: 0 } });
    const late = await comment(fan, { ticketId: ticket!.id, text: 'too late' });
    expect(late.status).toBe(404);
  });
});
