/**
 * A buyer's journey through the public origin only (`/api/*` on one address), shared by the
 * compose test (test/compose) and the Kubernetes cluster run (scripts/k8s/cluster.ts): sign up,
 * list, order, pay and complete, and an order left to expire. The helpers throw with the
 * status and body when an answer is not the one the journey needs, so they work inside and
 * outside jest.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export async function call(
  origin: string,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; traceId?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      // The origin continues a client's trace, so an order and its payment can be one trace.
      ...(opts.traceId
        ? { traceparent: `00-${opts.traceId}-${randomBytes(8).toString('hex')}-01` }
        : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

/** Throws unless the answer has the status the journey needs. */
export function expectStatus(what: string, res: Answer, status: number): Answer {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res;
}

export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface User {
  id: string;
  token: string;
  email: string;
}

export async function signUp(origin: string, prefix: string): Promise<User> {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await call(origin, 'POST', '/api/users/signup', {
    body: { email, password: 'correct horse battery' },
  });
  expectStatus('sign up', res, 201);
  const body = res.body as { user: { id: string }; token: string };
  return { id: body.user.id, token: body.token, email };
}

export async function listTicket(
  origin: string,
  token: string,
  title = 'Journey',
): Promise<string> {
  const res = await call(origin, 'POST', '/api/tickets', {
    token,
    body: {
      title: `${title} ${randomUUID().slice(0, 6)}`,
      category: 'concert',
      venue: 'Arena',
      startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
      price: 2500,
    },
  });
  expectStatus('list a ticket', res, 201);
  return (res.body as { tickets: { id: string }[] }).tickets[0]!.id;
}

/** Orders a ticket once orders has heard of it (404 until ticket.created arrives). */
export const orderWhenKnown = (origin: string, token: string, ticketId: string, traceId?: string) =>
  eventually(
    async () => {
      const res = await call(origin, 'POST', '/api/orders', {
        token,
        body: { ticketId },
        traceId,
      });
      return res.status === 404 ? undefined : res;
    },
    20_000,
    'orders knows the ticket',
  );

/** The ticket as the holder of `token` sees it (holder and order only for its seller and holder). */
export const ticket = async (origin: string, id: string, token?: string) =>
  (await call(origin, 'GET', `/api/tickets/${id}`, { token })).body as {
    status: string;
    holderId?: string;
  };

/** Waits until the listing shows the ticket. */
export const listed = (origin: string, ticketId: string) =>
  eventually(
    async () => {
      const res = await call(origin, 'GET', '/api/tickets?limit=100');
      const items = (res.body as { items?: { id: string }[] }).items ?? [];
      return items.some((t) => t.id === ticketId) ? true : undefined;
    },
    20_000,
    'the ticket is listed',
  );

/** Pays an order (once payments has heard of it) and waits until it is complete and sold. */
export async function payAndComplete(
  origin: string,
  buyer: User,
  orderId: string,
  ticketId: string,
): Promise<{ pay: Answer; holderId?: string }> {
  const pay = await eventually(
    async () => {
      const res = await call(origin, 'POST', '/api/payments', {
        token: buyer.token,
        body: { orderId, paymentMethod: 'pm_card_visa' },
      });
      return res.status === 404 ? undefined : res;
    },
    20_000,
    'payments knows the order',
  );
  expectStatus('pay', pay, 201);
  await eventually(
    async () => {
      const res = await call(origin, 'GET', `/api/orders/${orderId}`, { token: buyer.token });
      return (res.body as { status?: string }).status === 'complete' ? true : undefined;
    },
    20_000,
    'the order is complete',
  );
  const sold = await eventually(
    async () => {
      const t = await ticket(origin, ticketId, buyer.token);
      return t.status === 'sold' ? t : undefined;
    },
    20_000,
    'the ticket is sold',
  );
  return { pay, holderId: sold.holderId };
}

/**
 * Waits for an order left unpaid to expire: its ticket goes reserved, then on sale again (no
 * earlier than expiresAt), and the order is cancelled. Returns how late the expiry was seen.
 */
export async function expiresUnpaid(
  origin: string,
  buyer: User,
  orderId: string,
  expiresAt: string,
  ticketId: string,
  windowSeconds: number,
): Promise<{ status: string; seenLateMs: number }> {
  await eventually(
    async () => ((await ticket(origin, ticketId)).status === 'reserved' ? true : undefined),
    20_000,
    'the ticket is reserved',
  );
  await eventually(
    async () => ((await ticket(origin, ticketId)).status === 'available' ? true : undefined),
    windowSeconds * 1000 + 30_000,
    'the ticket is on sale again',
  );
  const seenLateMs = Date.now() - Date.parse(expiresAt);
  if (seenLateMs < 0) throw new Error(`the order expired ${-seenLateMs} ms early`);
  const after = await call(origin, 'GET', `/api/orders/${orderId}`, { token: buyer.token });
  return { status: (after.body as { status: string }).status, seenLateMs };
}
