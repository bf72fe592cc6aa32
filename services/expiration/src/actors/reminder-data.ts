import { z } from 'zod';

/**
 * What a reminder carries, so the callback can refuse to fire early without any lookup, and the
 * trace of the order it expires, so expiry joins the purchase's trace.
 */
export const ReminderData = z.object({
  orderId: z.string().min(1),
  expiresAt: z.iso.datetime(),
  traceparent: z.string().max(64).optional(),
});
export type ReminderData = z.infer<typeof ReminderData>;

/**
 * The SDK hands `receiveReminder` whatever daprd sent as `data`, decoded its own way: an object,
 * a JSON string, or base64 of JSON (daprd wraps bytes that way). Accept each; anything else is
 * undefined.
 */
export function readReminderData(raw: unknown): ReminderData | undefined {
  for (const candidate of candidates(raw)) {
    const parsed = ReminderData.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

function candidates(raw: unknown): unknown[] {
  if (typeof raw !== 'string') return [raw];
  return [tryJson(raw), tryJson(Buffer.from(raw, 'base64').toString('utf8'))];
}

function tryJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    // A JSON string holding JSON (data stored as a string) is unwrapped once more.
    return typeof value === 'string' ? tryJson(value) : value;
  } catch {
    return undefined;
  }
}
