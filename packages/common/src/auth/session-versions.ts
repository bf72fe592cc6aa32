import { HTTPClient, type DaprClient } from '@dapr/dapr';
import { AppError } from '../errors/app-error';
import { traceHeaders } from '../tracing/trace-context';

/**
 * Where a service learns a user's current session version (decision 011). A token whose `sv`
 * claim differs from it belongs to a session that has been ended.
 */
export interface SessionVersions {
  /** The user's current version; undefined when auth knows no such user. */
  current(userId: string): Promise<number | undefined>;
}

/** Asks auth through the sidecar (service invocation): `GET /internal/sessions/<userId>`. */
export function sidecarSessionVersions(client: DaprClient, authAppId = 'auth'): SessionVersions {
  if (!(client.daprClient instanceof HTTPClient))
    throw new Error('sidecarSessionVersions needs an HTTP DaprClient');
  const http = client.daprClient;
  return {
    async current(userId) {
      const path = `/invoke/${authAppId}/method/internal/sessions/${encodeURIComponent(userId)}`;
      try {
        const body = (await http.execute(path, { method: 'GET', headers: traceHeaders() })) as {
          sessionVersion?: unknown;
        };
        return typeof body?.sessionVersion === 'number' ? body.sessionVersion : undefined;
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
  const known = new Map<string, { version: number | undefined; at: number }>();
  const pending = new Map<string, Promise<number | undefined>>();
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
