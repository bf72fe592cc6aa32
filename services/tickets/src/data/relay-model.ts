import type { OutboxEntry } from '@ticketing/common';
import type { Model } from 'mongoose';
import { TicketModel } from './ticket-model';

interface RelayUpdate {
  $pull?: { outbox?: { eventId?: unknown } };
}

/**
 * The ticket model as the OutboxRelay should see it. FerretDB 1.24 ignores a `$pull` condition
 * such as the relay's `{outbox: {eventId}}` (it only removes elements equal to the given value),
 * so the entry would stay and be republished on every sweep. Pulling the entry by its whole
 * stored value works on FerretDB and MongoDB alike; everything else passes through.
 */
// The relay's option is typed Model<any>; this is the same model with one method wrapped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ticketModelForRelay(): Model<any> {
  return new Proxy(TicketModel, {
    get(target, prop) {
      if (prop === 'updateOne') return pullPublished;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function pullPublished(filter: { _id: unknown }, update: RelayUpdate): Promise<unknown> {
  const eventId = update.$pull?.outbox?.eventId;
  if (typeof eventId !== 'string') return TicketModel.updateOne(filter, update).exec();
  const doc = await TicketModel.findOne(filter, { outbox: 1 }).lean<{ outbox: OutboxEntry[] }>();
  const entry = doc?.outbox.find((e) => e.eventId === eventId);
  if (!entry) return { matchedCount: doc ? 1 : 0, modifiedCount: 0 };
  return TicketModel.updateOne(filter, { $pull: { outbox: entry } }).exec();
}
