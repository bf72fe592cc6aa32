export { openApiDocument } from './document';
export { docsPage } from './page';
export { ROUTES, type RouteDoc } from './routes';
