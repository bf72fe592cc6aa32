import { withDocumentLock } from '@ticketing/common';
import type { Reservations, ReserveOutcome, Taken } from '../domain/reservations';
import { TakenTickets } from './taken-tickets';
import {
  TicketReplicaModel,
  toTicket,
  writing,
  type TicketDoc,
  type TicketReplica,
} from './ticket-replica';

/**
 * Reservations on the replica in FerretDB (or MongoDB). Owns what the store needs: each attempt
 * holds the ticket's write lock (decision 004), and a one-second memory of tickets seen taken
 * turns a flash sale's losers away without a write; buyers queued on the lock behind the winner
 * are refused from that memory. The conditional update alone is what decides a win.
 */
export class FerretReservations implements Reservations {
  constructor(private readonly taken: TakenTickets = new TakenTickets()) {}

  recentlyTaken(ticketId: string): Taken | undefined {
    return this.taken.lookup(ticketId);
  }

  sawTaken(ticketId: string, how: Taken): void {
    this.taken.remember(ticketId, how);
  }

  sawFreed(ticketId: string): void {
    this.taken.forget(ticketId);
  }

  reserve(ticketId: string, orderId: string, buyerId: string, at: Date): Promise<ReserveOutcome> {
    return withDocumentLock(TicketReplicaModel.collection.name, ticketId, async () => {
      const seen = this.taken.lookup(ticketId);
      if (seen) return seen;
      if (!(await reserveTicket(ticketId, orderId, buyerId, at))) return 'lost';
      this.taken.remember(ticketId, 'reserved');
      return 'won';
    });
  }

  async release(ticketId: string, orderId: string, offer = false): Promise<boolean> {
    const freed = await writing(ticketId, async () => {
      const res = await TicketReplicaModel.updateOne(
        { _id: ticketId, reservedBy: orderId, soldTo: null },
        {
          $set: {
            reservedBy: null,
            reservedAt: null,
            reservedFor: null,
            ...(offer ? { offering: true } : {}),
          },
        },
      );
      return res.matchedCount === 1;
    });
    // Buyers are not turned away from it any longer (an offered ticket refuses them itself).
    this.taken.forget(ticketId);
    return freed;
  }

  reservePriority(ticketId: string, orderId: string, buyerId: string, at: Date): Promise<boolean> {
    return withDocumentLock(TicketReplicaModel.collection.name, ticketId, async () => {
      const res = await writing(ticketId, () =>
        TicketReplicaModel.updateOne(
          {
            _id: ticketId,
            reservedBy: null,
            soldTo: null,
            deleted: false,
            withdrawn: { $ne: true },
            offering: true,
          },
          {
            $set: { reservedBy: orderId, reservedAt: at, reservedFor: buyerId, offering: false },
          },
        ),
      );
      if (res.matchedCount !== 1) return false;
      this.taken.remember(ticketId, 'reserved');
      return true;
    });
  }

  async endOffer(ticketId: string): Promise<void> {
    await writing(ticketId, () =>
      TicketReplicaModel.updateOne(
        { _id: ticketId, offering: true },
        { $set: { offering: false } },
      ),
    );
    this.taken.forget(ticketId);
  }

  async offering(): Promise<TicketReplica[]> {
    const docs = await TicketReplicaModel.find({ offering: true }).lean<TicketDoc[]>();
    return docs.map(toTicket);
  }

  async sell(ticketId: string, orderId: string, buyerId: string): Promise<void> {
    await writing(ticketId, () =>
      TicketReplicaModel.updateOne(
        { _id: ticketId, reservedBy: orderId },
        { $set: { soldTo: buyerId } },
      ),
    );
    this.taken.remember(ticketId, 'sold');
  }

  async heldBefore(time: Date): Promise<TicketReplica[]> {
    const docs = await TicketReplicaModel.find({
      reservedBy: { $ne: null },
      soldTo: null,
      reservedAt: { $lt: time },
    }).lean<TicketDoc[]>();
    return docs.map(toTicket);
  }
}

/**
 * The reservation itself: one conditional update that only a ticket on sale matches, so however
 * many orders race for it, exactly one wins.
 */
async function reserveTicket(
  id: string,
  orderId: string,
  buyerId: string,
  at: Date,
): Promise<boolean> {
  const res = await writing(id, () =>
    TicketReplicaModel.updateOne(
      // A ticket being offered to its event's wanted list is not for the public yet.
      {
        _id: id,
        reservedBy: null,
        soldTo: null,
        deleted: false,
        withdrawn: { $ne: true },
        offering: { $ne: true },
      },
      { $set: { reservedBy: orderId, reservedAt: at, reservedFor: buyerId } },
    ),
  );
  return res.matchedCount === 1;
}
