import { randomUUID } from 'node:crypto';
import type { Stack } from '@ticketing/runner';
import { eventually, invoke } from './stack-helpers';

/** A signed-up user with a bearer token, made through auth's sidecar. */
export async function signUp(stack: Stack, prefix = 'user') {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await invoke(stack, 'auth', 'auth', 'POST', 'api/users/signup', {
    body: { email, password: 'correct horse battery' },
  });
  if (res.status !== 201) throw new Error(`signup ${res.status}: ${JSON.stringify(res.body)}`);
  const body = res.body as { user: { id: string }; token: string };
  return { id: body.user.id, email, auth: { authorization: `Bearer ${body.token}` } };
}
export type User = Awaited<ReturnType<typeof signUp>>;

export async function listTicket(stack: Stack, seller: User, extra: Record<string, unknown> = {}) {
  const res = await invoke(stack, 'tickets', 'tickets', 'POST', 'api/tickets', {
    headers: seller.auth,
    body: {
      title: `Concert ${randomUUID().slice(0, 6)}`,
      category: 'concert',
      venue: 'Arena',
      startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
      price: 2500,
      ...extra,
    },
  });
  if (res.status !== 201) throw new Error(`list ticket ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { tickets: { id: string }[] }).tickets;
}

/** Orders a ticket, waiting while orders has not yet heard of it (404 until ticket.created lands). */
export async function orderWhenKnown(
  stack: Stack,
  buyer: User,
  ticketId: string,
  timeoutMs = 15_000,
) {
  return eventually(async () => {
    const res = await invoke(stack, 'orders', 'orders', 'POST', 'api/orders', {
      headers: buyer.auth,
      body: { ticketId },
    });
    return res.status === 404 ? undefined : res;
  }, timeoutMs);
}

/** The ticket as `viewer` sees it: holder and order only for its seller and holder. */
export async function getTicket(stack: Stack, id: string, viewer?: User) {
  const res = await invoke(stack, 'tickets', 'tickets', 'GET', `api/tickets/${id}`, {
    headers: viewer?.auth,
  });
  return res.body as {
    status: string;
    holderId?: string | null;
    orderId?: string | null;
    version: number;
  };
}

export async function getOrder(stack: Stack, user: User, id: string) {
  const res = await invoke(stack, 'orders', 'orders', 'GET', `api/orders/${id}`, {
    headers: user.auth,
  });
  return res.body as { status: string; expiresAt: string; id: string };
}

/** Pays, waiting while payments has not yet heard of the order. */
export async function payWhenKnown(
  stack: Stack,
  buyer: User,
  orderId: string,
  paymentMethod = 'pm_card_visa',
) {
  return eventually(async () => {
    const res = await invoke(stack, 'payments', 'payments', 'POST', 'api/payments', {
      headers: buyer.auth,
      body: { orderId, paymentMethod },
    });
    return res.status === 404 ? undefined : res;
  }, 15_000);
}
