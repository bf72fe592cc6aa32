import type { z } from 'zod';
import { validationFailed } from '../errors/app-error';

/** Parses untrusted input with a zod schema; a failure becomes a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.flatMap((issue) => {
      const base = issue.path.map(String).join('.');
      // An unknown key has no path of its own: name each key as the field.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          message: `Unknown field: ${key}`,
          field: base ? `${base}.${key}` : key,
        }));
      }
      return base ? [{ message: issue.message, field: base }] : [{ message: issue.message }];
    }),
  );
}
