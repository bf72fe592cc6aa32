import type { z } from 'zod';
import { COMMITTED_SECRET_VALUES } from './committed-secrets';

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

/** Both sidecar tokens: app -> sidecar (DAPR_API_TOKEN) and sidecar -> app (APP_API_TOKEN). */
const TOKENS_REQUIRED_IN_PRODUCTION = ['DAPR_API_TOKEN', 'APP_API_TOKEN'] as const;

/**
 * Why production must not start with these settings: a missing sidecar token (anyone on the
 * host or pod network could call the app or its sidecar), or a secret whose value is written in
 * this repository.
 */
export function productionRefusals(env: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  for (const name of TOKENS_REQUIRED_IN_PRODUCTION) {
    if (!env[name]) lines.push(`  ${name}: is required in production`);
  }
  for (const name of exampleSecrets(env)) {
    lines.push(`  ${name}: is the example value from .env.example; set a real secret`);
  }
  for (const name of Object.keys(env).sort()) {
    const value = env[name] ?? '';
    if (!SECRET_NAME.test(name) || EXAMPLE_SECRET_MARK.test(value)) continue;
    if (COMMITTED_SECRET_VALUES.has(value)) {
      lines.push(`  ${name}: is a value committed in the repository; set a real secret`);
    }
  }
  return lines;
}

/**
 * Validates the environment once at start-up; a bad setting stops the process with a clear list.
 * With NODE_ENV=production it also fails closed: see `productionRefusals`.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  const lines = result.success
    ? []
    : result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (env.NODE_ENV === 'production') lines.push(...productionRefusals(env));
  if (lines.length > 0) throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  return (result as { data: z.infer<S> }).data;
}
