import type { OutboxEntry, OutboxRelayOptions } from '@ticketing/common';
import { ChargeModel } from './charges';

interface RelayUpdate {
  $pull?: { outbox?: { eventId?: unknown } };
}

/**
 * The charge model as the OutboxRelay should see it. The relay removes a published entry with
 * `$pull: {outbox: {eventId}}`, a condition FerretDB 1.24 ignores (its `$pull` removes only
 * elements equal to the given value), so the entry would stay and be republished forever.
 * Pulling the entry by its whole stored value works on FerretDB and MongoDB alike. Same
 * workaround as orders and tickets; drop it once the relay in @ticketing/common pulls that way.
 */
export function chargeModelForRelay(): OutboxRelayOptions['model'] {
  return new Proxy(ChargeModel, {
    get(target, prop) {
      if (prop === 'updateOne') return pullPublished;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function pullPublished(filter: { _id: unknown }, update: RelayUpdate): Promise<unknown> {
  const eventId = update.$pull?.outbox?.eventId;
  if (typeof eventId !== 'string') return ChargeModel.updateOne(filter, update).exec();
  const doc = await ChargeModel.findOne(filter, { outbox: 1 }).lean<{ outbox: OutboxEntry[] }>();
  const entry = doc?.outbox.find((e) => e.eventId === eventId);
  if (!entry) return { matchedCount: doc ? 1 : 0, modifiedCount: 0 };
  return ChargeModel.updateOne(filter, { $pull: { outbox: entry } }).exec();
}
