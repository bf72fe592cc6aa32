export { openApiDocument } from './document';
export { docsPage } from './page';
export { asyncApiDocument } from './asyncapi';
export { eventSchema, eventSchemas } from './event-schemas';
export { generatedFiles, GENERATED_DIR } from './generated';
export {
  pubsubScopeProblems,
  pubsubScopes,
  topicApps,
  type PubsubComponent,
} from './pubsub-scopes';
