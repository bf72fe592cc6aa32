/**
 * What mTLS and access control add to one service invocation (issue 11, decision 019): two
 * stacks side by side in one run, one without (`mtls: false`: plain gRPC between sidecars,
 * dapr/config.yaml) and one with (sentry's certificates, each app's accessControl), and the
 * same cheap call through web's sidecar to auth, `GET /api/users/currentuser` without a
 * session (auth answers from memory), one at a time, in alternating rounds so both see the
 * same machine. Also each stack's time to healthy.
 *
 *   npx tsx bench/zero-trust.ts [--calls 2000] [--round 100] [--warmup 200]
 */
import { startStack, type Stack } from '@ticketing/runner';
import { ensureWebBuild } from '../web/scripts/ensure-build';
import { arg, pct, say } from './support/stack';

const CALLS = arg('calls', 2000);
const ROUND = arg('round', 100);
const WARMUP = arg('warmup', 200);
const ROUTE = 'api/users/currentuser';

async function timedStart(mtls: boolean) {
  const started = performance.now();
  const stack = await startStack({
    ports: 'free',
    only: ['web'],
    mtls,
    timeoutMs: 180_000,
    env: { LOG_LEVEL: 'warn' },
  });
  return { stack, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

/** `n` calls one after another; the milliseconds each took, answer read. */
async function run(stack: Stack, n: number): Promise<number[]> {
  const url = `${stack.daprUrl('web')}/v1.0/invoke/auth/method/${ROUTE}`;
  const headers = { 'dapr-api-token': stack.daprApiToken };
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${ROUTE}: ${res.status} ${body}`);
  }
  return times;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return {
    calls: times.length,
    p50Ms: pct(sorted, 50),
    p90Ms: pct(sorted, 90),
    p99Ms: pct(sorted, 99),
    meanMs: Number(mean.toFixed(2)),
  };
}

async function main() {
  await ensureWebBuild({ log: say });
  say('starting the stack without mTLS…');
  const plain = await timedStart(false);
  say(`  healthy in ${plain.seconds} s; starting the stack with mTLS and access control…`);
  const secured = await timedStart(true);
  say(`  healthy in ${secured.seconds} s`);
  try {
    // Both sidecars must really differ: the secured one refuses what the plain one lets by.
    const probe = (s: Stack) =>
      fetch(`${s.daprUrl('web')}/v1.0/invoke/auth/method/healthz`, {
        headers: { 'dapr-api-token': s.daprApiToken },
      }).then((r) => r.status);
    const [plainProbe, securedProbe] = [await probe(plain.stack), await probe(secured.stack)];
    if (plainProbe !== 200 || securedProbe !== 403)
      throw new Error(
        `expected 200 without and 403 with access control, got ${plainProbe}/${securedProbe}`,
      );

    await run(plain.stack, WARMUP);
    await run(secured.stack, WARMUP);
    const without: number[] = [];
    const withZt: number[] = [];
    for (let done = 0, round = 0; done < CALLS; done += ROUND, round++) {
      const n = Math.min(ROUND, CALLS - done);
      // Alternate which goes first, so neither always follows the other's work.
      if (round % 2 === 0) {
        without.push(...(await run(plain.stack, n)));
        withZt.push(...(await run(secured.stack, n)));
      } else {
        withZt.push(...(await run(secured.stack, n)));
        without.push(...(await run(plain.stack, n)));
      }
    }
    const a = summary(without);
    const b = summary(withZt);
    process.stdout.write(
      JSON.stringify({
        bench: 'zero-trust',
        call: `web's sidecar -> auth's sidecar -> auth: GET /${ROUTE} (no session)`,
        withoutMtls: { ...a, secondsToHealthy: plain.seconds },
        withMtlsAndAccessControl: { ...b, secondsToHealthy: secured.seconds },
        addedMs: {
          p50: Number((b.p50Ms - a.p50Ms).toFixed(1)),
          p99: Number((b.p99Ms - a.p99Ms).toFixed(1)),
          mean: Number((b.meanMs - a.meanMs).toFixed(2)),
        },
      }) + '\n',
    );
  } finally {
    await plain.stack.stop();
    await secured.stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
