import type { Stack } from '@ticketing/runner';
import { eventually, invoke } from './stack-helpers';
import { getTicket, listTicket, orderWhenKnown, payWhenKnown, type User } from './shop';

/** The Event a ticket belongs to, as tickets shows it. */
export async function eventOf(stack: Stack, ticketId: string): Promise<string> {
  const t = (await getTicket(stack, ticketId)) as unknown as { eventId: string };
  return t.eventId;
}

/** An event with one ticket, reserved by `holder` (and paid when `pay`): sold out. */
export async function soldOutEvent(
  stack: Stack,
  seller: User,
  holder: User,
  { pay = false, price = 2500 } = {},
) {
  const [ticket] = await listTicket(stack, seller, { price });
  const order = await orderWhenKnown(stack, holder, ticket!.id);
  if (order.status !== 201) throw new Error(`order ${order.status}: ${JSON.stringify(order.body)}`);
  const orderId = (order.body as { id: string }).id;
  if (pay) {
    const paid = await payWhenKnown(stack, holder, orderId);
    if (paid.status !== 201) throw new Error(`pay ${paid.status}: ${JSON.stringify(paid.body)}`);
    await eventually(async () =>
      (await getTicket(stack, ticket!.id)).status === 'sold' ? true : undefined,
    );
  }
  return { ticketId: ticket!.id, orderId, eventId: await eventOf(stack, ticket!.id) };
}

export function joinWanted(stack: Stack, who: User, eventId: string, maxPrice: number) {
  return invoke(stack, 'orders', 'orders', 'POST', 'api/wanted', {
    headers: who.auth,
    body: { eventId, maxPrice },
  });
}

export async function wantedLength(stack: Stack, eventId: string): Promise<number> {
  const res = await invoke(stack, 'orders', 'orders', 'GET', `api/wanted?eventId=${eventId}`);
  return (res.body as { length: number }).length;
}

export async function notificationsOf(stack: Stack, who: User) {
  const res = await invoke(stack, 'orders', 'orders', 'GET', 'api/notifications', {
    headers: who.auth,
  });
  if (res.status !== 200)
    throw new Error(`notifications ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as {
    items: { id: string; kind: string; link: string | null; read: boolean; createdAt: string }[];
    unread: number;
  };
}

/** Waits for a notification of this kind and returns it. */
export function notified(stack: Stack, who: User, kind: string, timeoutMs = 20_000) {
  return eventually(async () => {
    const { items } = await notificationsOf(stack, who);
    return items.find((n) => n.kind === kind);
  }, timeoutMs);
}

/** The order a hold-offered notification links to. */
export const orderIdOf = (n: { link: string | null }) => n.link!.split('/').pop()!;
