import type { z } from 'zod';
import { validationFailed } from '../errors/app-error';

/** Parses untrusted input with a zod schema; a failure becomes a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return field ? { message: issue.message, field } : { message: issue.message };
    }),
  );
}
