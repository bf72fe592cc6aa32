import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { currentUser } from '../auth/current-user';
import type { SessionVersions } from '../auth/session-versions';
import { mountOpStats } from '../runtime/op-stats';
import { reenterTrace, traceRequests } from '../tracing/trace-middleware';
import { requireAppApiToken } from './api-token';
import { requestLogger } from './logger';

export interface BaseAppOptions {
  logger: Logger;
  jwtSecret: string;
  appApiToken?: string;
  /** Returns true when the service's dependencies answer; drives GET /readyz. */
  ready?: () => boolean;
  /** Where session versions come from; by default what runService set (decision 011). */
  sessions?: SessionVersions;
}

/**
 * The shape every service's app starts from: trace context, request ids and logs, the sidecar token check,
 * JSON bodies, the current user and health routes. Routes are added by the service; finish with
 * `finishApp` so unknown /api routes and errors get the platform's answers.
 */
export function baseApp(opts: BaseAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Answers are data: a browser that reaches one must never sniff it into HTML or script.
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const ok = opts.ready ? opts.ready() : true;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'starting' });
  });
  app.use(traceRequests);
  app.use(requestLogger(opts.logger));
  if (!opts.appApiToken) {
    // Allowed on a laptop only (production refuses to start without it): say so, never silently.
    opts.logger.warn(
      'APP_API_TOKEN is not set: this app accepts calls that did not come through its sidecar',
    );
  }
  app.use(requireAppApiToken(opts.appApiToken));
  mountOpStats(app);
  // The raw bytes are kept for signature checks (the Stripe webhook signs the exact body).
  app.use(
    express.json({
      limit: '100kb',
      verify: (req, _res, buf) => {
        (req as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  // The Dapr SDK adds body-parser 1.x parsers after ours; they skip a body only when `_body`
  // is set, which Express 5's parser no longer does, and would read the stream a second time.
  app.use((req, _res, next) => {
    if (req.body !== undefined) (req as { _body?: boolean })._body = true;
    next();
  });
  app.use(reenterTrace);
  app.use(currentUser(opts.jwtSecret, opts.sessions));
  return app;
}
