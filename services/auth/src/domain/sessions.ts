import type { SessionState, VerifiedSession } from '@ticketing/common';
import { dropExpiredEndedSessions, endedSessionsOf, endSession } from '../data/ended-sessions';
import { sessionVersionOf } from '../data/users';

/** What the other services check every token against (through /internal/sessions). */
export async function sessionStateOf(userId: string, now: Date): Promise<SessionState | undefined> {
  const version = await sessionVersionOf(userId);
  if (version === undefined) return undefined;
  return { version, ended: await endedSessionsOf(userId, now) };
}

/**
 * Signing out ends this one session everywhere, not just its cookie here: a copied cookie or a
 * Bearer token of it stops working (at the other services within their cache's few seconds).
 * A token without a session id (signed before them) can only be ended by its version.
 */
export async function signOut(session: VerifiedSession | undefined, now: Date): Promise<void> {
  if (!session?.sessionId || session.expiresAt <= now) return;
  await endSession(session.sessionId, session.user.id, session.expiresAt);
  await dropExpiredEndedSessions(now);
}
