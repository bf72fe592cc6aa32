import { eventIdTime } from '@ticketing/common';
import type { EventOf } from '@ticketing/contracts';
import type { Logger } from 'pino';
import { claimMail, findOrder, markMail, rememberOrder, type MailKind } from '../data/order-mails';
import { findUser } from '../data/users';
import { lapsedMail, receiptMail } from './mail-templates';
import type { Mail, Mailer } from './mailer';

export interface OrderMailDeps {
  logger: Logger;
  now(): Date;
  mailer: Mailer;
}

/** `not-yet`: the order's own event has not arrived; the broker redelivers this one later. */
export type MailOutcome = 'sent' | 'already-sent' | 'not-yet' | 'no-mail';

// A sender that claimed a mail and died leaves it claimed; after this long another may send.
const STALE_CLAIM_MS = 60_000;
// A restarted sidecar replays the stream from its start: old news gets no mail.
const MAX_EVENT_AGE_MS = 24 * 3600_000;

const tooOld = (deps: OrderMailDeps, eventId: string) => {
  const madeAt = eventIdTime(eventId);
  return madeAt !== undefined && deps.now().getTime() - madeAt > MAX_EVENT_AGE_MS;
};

export async function orderPlaced(e: EventOf<'order.created'>): Promise<void> {
  await rememberOrder({
    orderId: e.id,
    userId: e.userId,
    title: e.ticket.title,
    price: e.ticket.price,
    currency: e.ticket.currency,
  });
}

/** A paid order: its buyer gets a receipt, once. */
export async function orderPaid(
  deps: OrderMailDeps,
  e: EventOf<'order.completed'>,
): Promise<MailOutcome> {
  if (tooOld(deps, e.eventId)) return 'no-mail';
  return sendOnce(deps, e.id, 'receipt', async (order, to) => receiptMail(to, order, e.paymentId));
}

/** An order cancelled because its hold ran out: its buyer hears that it lapsed, once. */
export async function orderCancelled(
  deps: OrderMailDeps,
  e: EventOf<'order.cancelled'>,
): Promise<MailOutcome> {
  if (e.reason !== 'expired' || tooOld(deps, e.eventId)) return 'no-mail';
  return sendOnce(deps, e.id, 'lapsed', async (order, to) => lapsedMail(to, order));
}

async function sendOnce(
  deps: OrderMailDeps,
  orderId: string,
  kind: MailKind,
  write: (order: NonNullable<Awaited<ReturnType<typeof findOrder>>>, to: string) => Promise<Mail>,
): Promise<MailOutcome> {
  const order = await findOrder(orderId);
  if (!order) return 'not-yet';
  const user = await findUser({ id: order.userId });
  if (!user) {
    deps.logger.warn({ orderId, userId: order.userId }, `no account for the ${kind} mail`);
    return 'no-mail';
  }
  const claim = await claimMail(orderId, kind, deps.now(), STALE_CLAIM_MS);
  if (claim === 'sent') return 'already-sent';
  // Another delivery is sending it right now; if that one fails, this event comes back.
  if (claim === 'busy') return 'not-yet';
  try {
    await deps.mailer.send(await write(order, user.email));
  } catch (err) {
    await markMail(orderId, kind, false, deps.now());
    throw err;
  }
  await markMail(orderId, kind, true, deps.now());
  deps.logger.info({ orderId, kind }, 'order mail sent');
  return 'sent';
}
