// Container health probe (Dockerfile HEALTHCHECK, docker-compose healthcheck): exits 0 when the
// app answers its health route, and with --sidecar also when the Dapr sidecar in the same
// network namespace is healthy. Plain JavaScript: it runs in the production image.
'use strict';
const port = process.env.APP_PORT || '3000';
const urls = [`http://127.0.0.1:${port}${process.env.HEALTH_PATH || '/healthz'}`];
if (process.argv.includes('--sidecar')) {
  urls.push(`http://127.0.0.1:${process.env.DAPR_HTTP_PORT || '3500'}/v1.0/healthz`);
}
Promise.all(urls.map((u) => fetch(u, { signal: AbortSignal.timeout(2500) })))
  .then((all) => {
    const bad = all.find((r) => !r.ok);
    if (bad) throw new Error(`${bad.url} answered ${bad.status}`);
    process.exit(0);
  })
  .catch((err) => {
    process.stderr.write(`unhealthy: ${err.message}\n`);
    process.exit(1);
  });
