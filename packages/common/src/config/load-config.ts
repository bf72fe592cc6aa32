import type { z } from 'zod';

/** Settings that hold secrets: their example values must never run in production. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|_KEY)$/;
/** Every placeholder in .env.example carries this mark (a test holds the file to it). */
export const EXAMPLE_SECRET_MARK = /change[-_]?me/i;

/** Secret settings that still hold an example value from .env.example, by name. */
export function exampleSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => SECRET_NAME.test(k) && EXAMPLE_SECRET_MARK.test(env[k] ?? ''))
    .sort();
}

/**
 * Validates the environment once at start-up; a bad setting stops the process with a clear list.
 * With NODE_ENV=production it also refuses the example secrets of .env.example.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  const lines = result.success
    ? []
    : result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (env.NODE_ENV === 'production') {
    for (const name of exampleSecrets(env)) {
      lines.push(`  ${name}: is the example value from .env.example; set a real secret`);
    }
  }
  if (lines.length > 0) throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  return (result as { data: z.infer<S> }).data;
}
