import { validationFailed, type ErrorItem } from '@ticketing/common';
import { z } from 'zod';

const text = (what: string, max: number) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${what} is required` : `${what} must be a string`,
    })
    .min(1, `${what} is required`)
    .max(max, `${what} must be at most ${max} characters`);

export const PayInput = z
  .object({
    // Orders' ids are ObjectId strings, but any string is looked up: an unknown one is a 404.
    orderId: text('orderId', 255),
    /** A Stripe PaymentMethod id such as `pm_card_visa`. */
    paymentMethod: text('paymentMethod', 255),
  })
  .strict();
export type PayInput = z.infer<typeof PayInput>;

/**
 * `parseInput` for a strict body: zod reports unknown keys as one issue without a path, so each
 * key is named here as its own field.
 */
export function parsePayInput(body: unknown): PayInput {
  const result = PayInput.safeParse(body ?? {});
  if (result.success) return result.data;
  const items: ErrorItem[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ message: `Unknown field ${key}`, field: key }))
      : [{ message: issue.message, field: issue.path.map(String).join('.') || undefined }],
  );
  throw validationFailed(
    items.map(({ message, field }) => (field ? { message, field } : { message })),
  );
}
