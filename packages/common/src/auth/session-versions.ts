import type { DaprClient } from '@dapr/dapr';
import { AppError } from '../errors/app-error';
import { invokeApp, sidecarHttp } from '../runtime/sidecar-http';

/**
 * What auth knows of a user's sessions: the current version (a token whose `sv` differs belongs
 * to a session that has been ended) and the ids of single sessions ended by signing out.
 */
export interface SessionState {
  version: number;
  ended: readonly string[];
}

/**
 * Where a service learns a user's sessions (decision 011). A bare number is a version with no
 * single session ended.
 */
export interface SessionVersions {
  /** The user's sessions; undefined when auth knows no such user. */
  current(userId: string): Promise<SessionState | number | undefined>;
}

/** Whether a token's session is still one the user has: its version current, its id not ended. */
export function sessionStillValid(
  state: SessionState | number | undefined,
  token: { sessionVersion?: number; sessionId?: string },
): boolean {
  if (state === undefined) return false;
  const { version, ended } = typeof state === 'number' ? { version: state, ended: [] } : state;
  if (token.sessionVersion !== version) return false;
  return token.sessionId === undefined || !ended.includes(token.sessionId);
}

/** Asks auth through the sidecar (service invocation): `GET /internal/sessions/<userId>`. */
export function sidecarSessionVersions(client: DaprClient, authAppId = 'auth'): SessionVersions {
  const http = sidecarHttp(client, 'sidecarSessionVersions');
  return {
    async current(userId) {
      const route = `internal/sessions/${encodeURIComponent(userId)}`;
      try {
        const body = (await invokeApp(http, authAppId, 'GET', route)) as {
          sessionVersion?: unknown;
          endedSessions?: unknown;
        };
        if (typeof body?.sessionVersion !== 'number') return undefined;
        const ended = Array.isArray(body.endedSessions)
          ? body.endedSessions.filter((id): id is string => typeof id === 'string')
          : [];
        return { version: body.sessionVersion, ended };
      } catch (err) {
        // The SDK throws a JSON string holding the status for any non-2xx answer.
        if (/"status":404/.test(String(err))) return undefined;
        throw err;
      }
    },
  };
}

export interface CacheOptions {
  /** How long an answer is trusted: a session ended elsewhere works here for at most this. */
  ttlMs: number;
  /** While auth cannot be reached, a last answer no older than this is used instead. */
  staleMs?: number;
  now?: () => number;
}

/**
 * Remembers each user's version briefly, so a busy user costs one lookup per `ttlMs`, and
 * concurrent requests of one user share a lookup. When the source fails, a recent answer is
 * used; without one the request fails with 503 rather than trusting an unchecked session.
 */
export function cachedSessionVersions(
  source: SessionVersions,
  { ttlMs, staleMs = 60_000, now = Date.now }: CacheOptions,
): SessionVersions {
  const known = new Map<string, { version: SessionState | number | undefined; at: number }>();
  const pending = new Map<string, Promise<SessionState | number | undefined>>();
  const MAX_ENTRIES = 100_000;

  const lookup = (userId: string) => {
    let running = pending.get(userId);
    if (!running) {
      running = source.current(userId).finally(() => pending.delete(userId));
      pending.set(userId, running);
    }
    return running;
  };

  return {
    async current(userId) {
      const hit = known.get(userId);
      const t = now();
      if (hit && t - hit.at < ttlMs) return hit.version;
      try {
        const version = await lookup(userId);
        if (known.size >= MAX_ENTRIES) known.clear();
        known.set(userId, { version, at: now() });
        return version;
      } catch (err) {
        if (hit && t - hit.at < staleMs) return hit.version;
        const unavailable = new AppError(503, SESSIONS_UNAVAILABLE);
        throw Object.assign(unavailable, { cause: err });
      }
    },
  };
}

const SESSIONS_UNAVAILABLE = 'Sessions cannot be checked right now; try again shortly';

let shared: SessionVersions | undefined;

/** Sets the source every app's `currentUser` checks (runService does, from the sidecar). */
export function useSessionVersions(source: SessionVersions | undefined): void {
  shared = source;
}

export function sharedSessionVersions(): SessionVersions | undefined {
  return shared;
}
