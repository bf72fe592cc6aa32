import type { DaprClient, HTTPClient } from '@dapr/dapr';
import { currentTrace, opStats, sidecarHttp, traceHeaders } from '@ticketing/common';
import type { ReminderScheduler } from '../domain/reminder-scheduler';
import { ACTOR_TYPE, REMINDER_NAME } from './names';
import type { ReminderData } from './reminder-data';

export interface ReminderTiming {
  periodSeconds: number;
  /** How long after expiresAt the reminder stops firing even if nobody removed it. */
  ttlSeconds: number;
}

/** The body of `POST /v1.0/actors/<type>/<id>/reminders/<name>`. */
export interface ReminderBody {
  dueTime: string;
  period: string;
  ttl: string;
  data: string;
}

/**
 * The reminder for one order. dueTime is the absolute expiresAt (RFC3339, which daprd accepts),
 * so the hold expires exactly then however late order.created arrived; a past expiresAt fires at
 * once. The ttl counts from expiresAt, or from now when that has passed, so a late order.created
 * still fires. The data is JSON in a string: the SDK's reminder callback decodes a string, not an
 * object (it would hand the actor "[object Object]").
 */
export function reminderBody(
  orderId: string,
  expiresAt: Date,
  timing: ReminderTiming,
  now = Date.now(),
): ReminderBody {
  const data: ReminderData = { orderId, expiresAt: expiresAt.toISOString() };
  const trace = currentTrace();
  if (trace) data.traceparent = trace.traceparent;
  const ttlFrom = Math.max(expiresAt.getTime(), now);
  return {
    dueTime: expiresAt.toISOString(),
    period: `${timing.periodSeconds}s`,
    ttl: new Date(ttlFrom + timing.ttlSeconds * 1000).toISOString(),
    data: JSON.stringify(data),
  };
}

/** Order reminders through the sidecar's actor API (the SDK's client has no reminder calls). */
export class DaprReminderScheduler implements ReminderScheduler {
  private readonly http: HTTPClient;

  constructor(
    client: DaprClient,
    private readonly timing: ReminderTiming,
  ) {
    this.http = sidecarHttp(client, 'DaprReminderScheduler');
  }

  async schedule(orderId: string, expiresAt: Date): Promise<void> {
    await this.http.execute(reminderPath(orderId), {
      method: 'POST',
      body: reminderBody(orderId, expiresAt, this.timing),
      headers: traceHeaders(),
    });
    opStats.sidecarWrite('reminder.create');
  }

  async cancel(orderId: string): Promise<void> {
    await this.http.execute(reminderPath(orderId), { method: 'DELETE', headers: traceHeaders() });
    opStats.sidecarWrite('reminder.delete');
  }
}

function reminderPath(orderId: string): string {
  return `/actors/${ACTOR_TYPE}/${encodeURIComponent(orderId)}/reminders/${REMINDER_NAME}`;
}
