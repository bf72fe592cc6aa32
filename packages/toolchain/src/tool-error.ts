import { MIN_GO } from './go';
import { GO_RECIPES } from './go-recipes';
import { envVarOf, versionOf, type ToolName } from './paths';

export interface ToolFailure {
  tool: ToolName;
  /** One line per attempt, in the order they were made. */
  tried: string[];
}

/** Names the tool, what was tried, and the three ways to provide it. */
export function unavailableMessage({ tool, tried }: ToolFailure): string {
  const version = versionOf(tool);
  const { module } = GO_RECIPES[tool].source;
  return [
    `Could not get ${tool} ${version}. Tried:`,
    ...tried.map((line) => `  - ${line}`),
    `To provide it, do one of:`,
    `  - set ${envVarOf(tool)}=/path/to/${tool} (a ${tool} ${version} binary)`,
    `  - put ${tool} ${version} on PATH`,
    `  - install Go ≥ ${MIN_GO.major}.${MIN_GO.minor} so setup can build it from ${module}@v${version}`,
    `then run \`npm run setup\` again.`,
  ].join('\n');
}

/** Thrown by ensureTools when one or more tools could not be got by any means. */
export class ToolsUnavailableError extends Error {
  constructor(readonly failures: ToolFailure[]) {
    super(failures.map(unavailableMessage).join('\n\n'));
    this.name = 'ToolsUnavailableError';
  }
}
