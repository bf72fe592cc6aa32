/**
 * The chaos run's checker, in the spirit of Jepsen's: it reads every service's data straight
 * from the store, sets it against what the clients were told, and counts each kind of violation.
 */
import type { Db, MongoClient } from 'mongodb';

/** What the clients recorded: every acknowledgement they received. */
export interface History {
  /** Orders answered 201, with what the client was told. */
  orders: Map<string, { ticketId: string; expiresAt: number }>;
  /** Orders whose payment was answered 201 (charged and settled). */
  paid: Set<string>;
  /** Holds seen open more than the grace after their expiry, by the observer (paid ones aside). */
  lateHolds: Map<string, number>;
}

export interface Verdict {
  counts: Record<string, number>;
  violations: Record<string, string[]>;
}

interface OrderDoc {
  _id: unknown;
  status: string;
  cancelReason?: string | null;
  version: number;
  ticket: { id: string };
  expiresAt: Date;
}
interface ChargeDoc {
  _id: string;
  state: string;
  refundedAt: Date | null;
  refundDueAt: Date | null;
}

const id = (v: unknown) => String(v);

async function all<T>(db: Db, collection: string): Promise<T[]> {
  return (await db.collection(collection).find({}).toArray()) as unknown as T[];
}

export async function check(mongo: MongoClient, history: History): Promise<Verdict> {
  const orders = await all<OrderDoc>(mongo.db('orders'), 'orders');
  const charges = await all<ChargeDoc>(mongo.db('payments'), 'charges');
  const tickets = await all<{
    _id: unknown;
    version: number;
    orderId?: string | null;
    holderId?: string | null;
  }>(mongo.db('tickets'), 'tickets');
  const ticketReplicas = await all<{ _id: unknown; version: number }>(
    mongo.db('orders'),
    'tickets',
  );
  const orderReplicas = await all<{ _id: unknown; status: string; version: number }>(
    mongo.db('payments'),
    'orders',
  );

  const v: Record<string, string[]> = {
    'acknowledged order lost': [],
    'acknowledged order not final': [],
    'ticket with two live orders': [],
    'paid order not complete': [],
    'charge for a cancelled order not refunded': [],
    'order charged twice': [],
    'hold outlived its expiry by more than 10 s': [],
    'ticket replica disagrees': [],
    'order replica disagrees': [],
  };
  const byId = new Map(orders.map((o) => [id(o._id), o]));

  for (const [orderId] of history.orders) {
    const o = byId.get(orderId);
    if (!o) v['acknowledged order lost']!.push(orderId);
    else if (o.status !== 'complete' && o.status !== 'cancelled')
      v['acknowledged order not final']!.push(`${orderId} ${o.status}`);
  }
  const live = new Map<string, string[]>();
  for (const o of orders) {
    if (o.status === 'cancelled') continue;
    live.set(o.ticket.id, [...(live.get(o.ticket.id) ?? []), id(o._id)]);
  }
  for (const [ticketId, ids] of live) {
    if (ids.length > 1) v['ticket with two live orders']!.push(`${ticketId}: ${ids.join(', ')}`);
  }
  for (const orderId of history.paid) {
    if (byId.get(orderId)?.status !== 'complete') v['paid order not complete']!.push(orderId);
  }
  const succeeded = charges.filter((c) => c.state === 'succeeded');
  for (const c of succeeded) {
    const o = byId.get(c._id);
    if (o?.status === 'cancelled' && !c.refundedAt)
      v['charge for a cancelled order not refunded']!.push(c._id);
  }
  // One charge document per order by construction (_id = order id); two successes would show
  // as a second succeeded attempt recorded against one order's intent ids.
  const perOrder = new Map<string, number>();
  for (const c of succeeded) perOrder.set(c._id, (perOrder.get(c._id) ?? 0) + 1);
  for (const [orderId, n] of perOrder) if (n > 1) v['order charged twice']!.push(orderId);
  for (const [orderId, lateMs] of history.lateHolds) {
    // A paid order is no unpaid hold: it stays open until its (perhaps redelivered)
    // payment.created completes it, which is the check above (decision 022).
    if (history.paid.has(orderId)) continue;
    v['hold outlived its expiry by more than 10 s']!.push(
      `${orderId} (${Math.round(lateMs / 1000)} s)`,
    );
  }
  const replicaOf = new Map(ticketReplicas.map((r) => [id(r._id), r]));
  for (const t of tickets) {
    const r = replicaOf.get(id(t._id));
    if (!r || r.version !== t.version)
      v['ticket replica disagrees']!.push(
        `${id(t._id)} v${t.version} vs ${r ? `v${r.version}` : 'none'}`,
      );
  }
  const paymentsView = new Map(orderReplicas.map((r) => [id(r._id), r]));
  for (const o of orders) {
    // An order the orphan sweep claimed as `abandoned` was never written by its buyer's request
    // nor announced (docs/purchase-flow.md, step 2), so no other service has it.
    if (o.cancelReason === 'abandoned') continue;
    const r = paymentsView.get(id(o._id));
    if (!r || r.status !== o.status || r.version !== o.version)
      v['order replica disagrees']!.push(
        `${id(o._id)} ${o.status} v${o.version} vs ${r ? `${r.status} v${r.version}` : 'none'}`,
      );
  }

  return {
    counts: {
      'orders acknowledged': history.orders.size,
      'orders complete': orders.filter((o) => o.status === 'complete').length,
      'orders cancelled': orders.filter((o) => o.status === 'cancelled').length,
      'payments acknowledged': history.paid.size,
      'charges succeeded': succeeded.length,
      'charges declined': charges.filter((c) => c.state === 'declined').length,
      // Closed by expiry (decision 022): declined ones are voided too when their hold expires.
      'charges voided': charges.filter((c) => c.state === 'void').length,
      refunds: charges.filter((c) => c.refundedAt).length,
      violations: Object.values(v).reduce((n, list) => n + list.length, 0),
    },
    violations: Object.fromEntries(Object.entries(v).filter(([, list]) => list.length > 0)),
  };
}
