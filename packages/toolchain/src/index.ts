export {
  TOOL_NAMES,
  cachedToolPath,
  daprdComponentsFlavor,
  envVarOf,
  isToolName,
  manifestPath,
  missingToolMessage,
  toolPath,
  toolsDir,
  versionOf,
  type ComponentsFlavor,
  type ToolName,
} from './paths';
export { ensureTools, type EnsureOptions, type EnsuredTool } from './ensure';
export type { Manifest, ManifestEntry, ToolSource } from './manifest';
export { ToolsUnavailableError, type ToolFailure } from './tool-error';
export type { Logger } from './log';
export { ensureKubeTools, kubeToolPath, kubeVersions, type KubeTool } from './kube';
export { probeModule } from './go';
