import { conflict, notFound, type UserPayload } from '@ticketing/common';
import type { JoinWantedInput, WantedDemand } from '@ticketing/contracts';
import { anyTicketOfEvent, eventHasTicketOnSale, eventsHeldBy } from '../data/ticket-replica';
import {
  demandFor,
  entriesOf,
  findEntry,
  insertEntry,
  isListClosed,
  lengthsOf,
  listLength,
  placeOf,
  removeEntry,
  takePosition,
  type WantedEntry,
} from '../data/wanted-lists';
import type { OrdersDeps } from './deps';

/** A join with its place in line (1 = next). */
export type PlacedEntry = WantedEntry & { place: number };

/** How often a join retries when a racing join took its position (never, on a healthy store). */
const POSITION_ATTEMPTS = 5;

const withPlace = async (entry: WantedEntry): Promise<PlacedEntry> => ({
  ...entry,
  place: await placeOf(entry),
});

/**
 * Joins a sold-out event's wanted list at the back (FIFO). Each join takes the event's next
 * position; a person is on a list once. The price limit is in the event's currency.
 */
export async function joinWantedList(
  deps: OrdersDeps,
  buyer: UserPayload,
  input: JoinWantedInput,
): Promise<PlacedEntry> {
  const sample = await anyTicketOfEvent(input.eventId);
  if (!sample) throw notFound('Event not found');
  if (sample.startsAt.getTime() <= deps.now().getTime()) {
    throw conflict('The event has already started', 'eventId');
  }
  if (await eventHasTicketOnSale(input.eventId)) {
    throw conflict('Tickets are on sale: buy one instead of joining the list', 'eventId');
  }
  if (await findEntry(input.eventId, buyer.id)) {
    throw conflict('You are already on this wanted list', 'eventId');
  }
  for (let attempt = 0; attempt < POSITION_ATTEMPTS; attempt++) {
    const position = await takePosition(input.eventId);
    if (position === 'closed') throw conflict('The event is cancelled', 'eventId');
    const entry: WantedEntry = {
      eventId: input.eventId,
      userId: buyer.id,
      maxPrice: input.maxPrice,
      currency: sample.currency,
      position,
      joinedAt: deps.now(),
    };
    const outcome = await insertEntry(entry);
    if (outcome === 'inserted') {
      // The list closed between our position and our insert: its closing may have missed us.
      if (await isListClosed(input.eventId)) {
        await removeEntry(entry);
        throw conflict('The event is cancelled', 'eventId');
      }
      return withPlace(entry);
    }
    if (outcome === 'already-on-list') {
      throw conflict('You are already on this wanted list', 'eventId');
    }
  }
  throw new Error(`could not take a position on the wanted list of ${input.eventId}`);
}

export async function leaveWantedList(buyer: UserPayload, eventId: string): Promise<void> {
  const entry = await findEntry(eventId, buyer.id);
  if (!entry || !(await removeEntry(entry))) throw notFound('You are not on this wanted list');
}

/** The list's length for anyone; the caller's own place when they are on it. */
export async function showWantedList(eventId: string, viewer: UserPayload | undefined) {
  const [length, mine] = await Promise.all([
    listLength(eventId),
    viewer ? findEntry(eventId, viewer.id) : undefined,
  ]);
  return { eventId, length, mine: mine ? await withPlace(mine) : null };
}

export async function myWantedLists(buyer: UserPayload): Promise<PlacedEntry[]> {
  return Promise.all((await entriesOf(buyer.id)).map(withPlace));
}

/** For each event the buyer holds a ticket of and that someone wants: how many, up to what. */
export async function demandForHolder(buyer: UserPayload): Promise<WantedDemand['items']> {
  const held = await eventsHeldBy(buyer.id);
  if (held.size === 0) return [];
  const demand = await demandFor([...held.keys()]);
  return [...demand].map(([eventId, d]) => ({ eventId, title: held.get(eventId)!, ...d }));
}

export async function wantedCounts(eventIds: string[]) {
  const lengths = await lengthsOf(eventIds);
  return eventIds.map((eventId) => ({ eventId, length: lengths.get(eventId) ?? 0 }));
}
