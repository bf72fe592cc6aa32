import { TOPICS } from '@ticketing/contracts';
import { asyncApiDocument } from './asyncapi';
import { openApiDocument } from './document';
import { eventSchema } from './event-schemas';

/** Where the generated contracts live, from the repository root. */
export const GENERATED_DIR = 'packages/contracts/generated';

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/**
 * Every generated contract file, path (from the repository root) -> content. Committed so that
 * a team in another language reads files, not TypeScript; a test fails when one is stale.
 */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {
    [`${GENERATED_DIR}/openapi.json`]: json(openApiDocument()),
    [`${GENERATED_DIR}/asyncapi.json`]: json(asyncApiDocument()),
  };
  for (const topic of TOPICS) {
    files[`${GENERATED_DIR}/events/${topic}.schema.json`] = json(eventSchema(topic));
  }
  return files;
}
