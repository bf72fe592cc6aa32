export { openApiDocument } from './document';
export { docsPage } from './page';
