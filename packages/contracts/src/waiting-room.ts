import { z } from 'zod';
import { ErrorBody } from './shared';

/** A buyer's place in the flash-sale waiting room (decision 020), or the room's state. */
export const WaitingRoomStatus = z.object({
  state: z.enum(['waiting', 'admitted', 'none']),
  position: z.number().int().positive().optional(),
  estimatedWaitSeconds: z.number().int().nonnegative().optional(),
  /** The origin's arrival and admission numbers: admission keeps arrival order. */
  arrival: z.number().int().positive().optional(),
  admission: z.number().int().positive().optional(),
  /** Once admitted: the pass for the purchase routes (also set as the `wr_pass` cookie). */
  pass: z.string().optional(),
  passExpiresAt: z.iso.datetime().optional(),
  waiting: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
});
export type WaitingRoomStatus = z.infer<typeof WaitingRoomStatus>;

/** The 429 of a purchase route while the room is busy: the error, and where the buyer stands. */
export const WaitingRoomRefusal = ErrorBody.extend({
  waitingRoom: WaitingRoomStatus.extend({ ticket: z.string(), url: z.string() }).optional(),
});
export type WaitingRoomRefusal = z.infer<typeof WaitingRoomRefusal>;
