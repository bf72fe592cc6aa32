import { randomBytes } from 'node:crypto';
import type { WebConfig } from '../config';
import { WaitingRoom } from './room';

/** The room the origin runs, from its settings; none when switched off. */
export function waitingRoomFrom(
  config: WebConfig,
  log: (line: string) => void,
): WaitingRoom | undefined {
  if (!config.WAITING_ROOM) {
    log('web: waiting room off (WAITING_ROOM=false): purchase routes are forwarded as they come');
    return undefined;
  }
  let secret = config.WAITING_ROOM_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    log('web: WAITING_ROOM_SECRET not set: passes are signed with a key of this process only');
  }
  return new WaitingRoom({
    secret,
    budgetMs: config.WAITING_ROOM_BUDGET_MS,
    initialLimit: config.WAITING_ROOM_INITIAL_LIMIT,
    minLimit: config.WAITING_ROOM_MIN_LIMIT,
    maxLimit: config.WAITING_ROOM_MAX_LIMIT,
    passTtlMs: config.WAITING_ROOM_PASS_TTL_S * 1000,
    claimMs: config.WAITING_ROOM_CLAIM_MS,
    idleMs: config.WAITING_ROOM_IDLE_MS,
    trustProxy: config.TRUST_PROXY,
  });
}
