import type { Express } from 'express';
import { apiNotFound, errorHandler } from './error-handler';

/** Adds the 404 for unknown /api routes and the one error handler. Call after the routes. */
export function finishApp(app: Express): Express {
  app.use(apiNotFound);
  app.use(errorHandler());
  return app;
}
